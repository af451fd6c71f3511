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

test('the status bar says which vendor does not answer, and its problems open the projects concerned', async ({
  page,
  app,
}) => {
  // Locus is down; OpenSolar refuses one change for good.
  app.sandbox!.faults.add({ vendor: 'locus', status: 503 })
  const { project, pane } = await openOpenSolarProject(page, app)
  app.sandbox!.faults.add({ vendor: 'opensolar', method: 'PATCH', status: 400 })
  await pane.getByRole('button', { name: 'Edit' }).click()
  await pane.getByRole('textbox', { name: 'Site notes' }).fill('Meter box relocated')
  await pane.getByRole('button', { name: 'Save changes' }).click()
  await page.getByRole('button', { name: 'Sync now' }).click()

  const status = page.getByRole('status')
  await expect(status.getByRole('button', { name: /Online · Locus not answering/ })).toBeVisible({ timeout: 30_000 })
  await status.getByRole('button', { name: /Locus not answering/ }).click()
  const accounts = page.getByRole('region', { name: 'Accounts' })
  await expect(accounts.locator('.reach-unreachable')).toContainText('Not answering')
  await expect(accounts.locator('.reach-unreachable')).toContainText(/Locus Energy had a problem \(HTTP 503\)/)
  await expect(accounts.locator('.reach-reachable').first()).toContainText(/Last synced: (just now|\d+ min ago)/)
  await screenshot(page, 'status-accounts')
  await accounts.getByRole('button', { name: 'Close' }).click()

  // Elsewhere in the list, then the failed count brings the project back.
  await page.getByLabel('Search projects').fill('')
  await status.getByRole('button', { name: '1 failed' }).click()
  const attention = page.getByRole('region', { name: 'Changes that need you' })
  await expect(attention).toContainText(project.title)
  await expect(attention).toContainText('OpenSolar refused the change')
  await screenshot(page, 'status-attention')
  await attention.getByRole('button', { name: new RegExp(project.title) }).click()
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(project.title)
})

test('records a vendor sent that cannot be read are named in its account’s panel, and the rest kept', async ({
  page,
  app,
}) => {
  await openOpenSolarProject(page, app)
  // Changed at the vendor since the last pull: one now off the map, one whose title is a number.
  const [placed, typed] = [...app.sandbox!.state.opensolar.projects.values()].slice(-2)
  const now = new Date(app.sandbox!.clock.nowMs()).toISOString()
  Object.assign(placed!, { lat: 1000, modified_date: now })
  Object.assign(typed!, { title: 42, modified_date: now })
  await page.getByRole('button', { name: 'Sync now' }).click()
  const status = page.getByRole('status')
  await status.locator('.connectivity').click()
  const accounts = page.getByRole('region', { name: 'Accounts' })
  const leftOut = accounts.locator('details.left-out')
  await expect(leftOut).toContainText('2 records from OpenSolar could not be read and were left out', {
    timeout: 30_000,
  })
  await leftOut.locator('summary').click()
  await expect(leftOut).toContainText(`project ${placed!.id}: latitude 1000 is off the map`)
  await expect(leftOut).toContainText(`project ${typed!.id}: title:`)
  await screenshot(page, 'status-left-out')
})
