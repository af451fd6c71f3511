import { expect, openOpenSolarProject, screenshot, test } from './fixtures'

test.use({ simulators: true })

test('back online, Sync now delivers the edit to the vendor and clears the queue', async ({ page, app }) => {
  const { project, pane } = await openOpenSolarProject(page, app)
  await pane.getByRole('button', { name: 'Edit' }).click()
  await pane.getByRole('textbox', { name: 'Site notes' }).fill('Isolator checked, all good.')
  await pane.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('1 change queued')

  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  await expect(pane.getByText('✓ In sync')).toBeVisible()
  expect(app.sandbox!.state.opensolar.projects.get(Number(project.remoteId))?.site_notes).toBe(
    'Isolator checked, all good.',
  )
  await expect(page.getByRole('status')).toContainText(/OpenSolar \d+\/1000 requests left today/)
  await screenshot(page, 'synced')
})

test('a change made in both places shows both values and lets the technician choose', async ({ page, app }) => {
  const { project, pane } = await openOpenSolarProject(page, app)
  await pane.getByRole('button', { name: 'Edit' }).click()
  await pane.getByRole('textbox', { name: 'Notes', exact: true }).fill('Panels cleaned on site')
  await pane.getByRole('button', { name: 'Save changes' }).click()
  // Meanwhile the office changed the same field in OpenSolar.
  app.sandbox!.state.opensolar.projects.get(Number(project.remoteId))!.notes = 'Office: reschedule to Friday'

  await page.getByRole('button', { name: 'Sync now' }).click()
  const waiting = pane.getByRole('region', { name: 'Changes waiting' })
  await expect(waiting).toContainText('Notes: changed here and in OpenSolar')
  await expect(waiting).toContainText('Panels cleaned on site')
  await expect(waiting).toContainText('Office: reschedule to Friday')
  await expect(page.getByRole('status')).toContainText('1 conflict')
  await expect(page.getByRole('status')).not.toContainText('All changes sent')
  await screenshot(page, 'conflict')

  await waiting.getByRole('button', { name: 'Keep mine' }).click()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  await expect(pane.getByText('✓ In sync')).toBeVisible()
  expect(app.sandbox!.state.opensolar.projects.get(Number(project.remoteId))?.notes).toBe('Panels cleaned on site')
})
