import { expect, openProject, screenshot, test, waitForMap } from './fixtures'

test.use({ simulators: true })

test('a new Easy PV project made on site, placed with the pin, is created at Easy PV on sync', async ({
  page,
  app,
}) => {
  await app.open(page)
  await waitForMap(page)
  await page.getByRole('button', { name: '+ New project' }).click()
  const form = page.getByRole('form', { name: 'New project' })
  await form.getByLabel('Account').selectOption({ label: 'Fenland Renewables (Easy PV)' })
  // Easy PV's create takes no suburb or state (easypv-projects.txt): none is offered.
  await expect(form.getByLabel('Suburb / town')).toHaveCount(0)
  await form.getByLabel('Title').fill('Barn conversion, Low Farm')
  await form.getByLabel('Street address').fill('Low Farm, Fen Road')
  await form.getByLabel('Postcode').fill('CB7 5XX')
  await form.getByLabel('Customer name').fill('Priya Shah')
  await form.getByLabel('Status').selectOption('Quote')
  await page.getByTestId('map').click({ position: { x: 300, y: 300 } })
  await expect(page.getByTestId('new-project-location')).toContainText(/Location: -?\d+\.\d{5}, -?\d+\.\d{5}/)
  await screenshot(page, 'new-project')
  await form.getByRole('button', { name: 'Create project' }).click()

  const pane = page.getByRole('complementary', { name: 'Project details' })
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText('Barn conversion, Low Farm')
  await expect(pane.getByText('◷ 1 pending')).toBeVisible()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(pane.getByText('✓ In sync')).toBeVisible({ timeout: 30_000 })
  const created = [...app.sandbox!.state.easypv.projects.values()].filter(
    (p) => p.meta.projectName === 'Barn conversion, Low Farm',
  )
  expect(created).toHaveLength(1)
  expect(created[0]!.meta).toMatchObject({ customerName: 'Priya Shah', status: 'Quote', postcode: 'CB7 5XX' })
  expect(created[0]!.meta.lat).toEqual(expect.any(Number))
})

test('a delete asks first, can be undone while unsent, and goes on sync; Aurora offers none', async ({ page, app }) => {
  const { project, pane } = await openProject(page, app, 'opensolar')
  await pane.getByRole('button', { name: 'Delete' }).click()
  const confirm = pane.getByRole('alertdialog', { name: 'Delete this project?' })
  await expect(confirm).toContainText('in OpenSolar when there is signal')
  await screenshot(page, 'delete-confirm')
  await confirm.getByRole('button', { name: 'Delete project' }).click()
  const toast = page.getByRole('status', { name: 'Project deleted' })
  await expect(toast).toContainText(`Deleted “${project.title}”`)
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(project.title)
  await expect(pane.getByText('✓ In sync')).toBeVisible()

  await pane.getByRole('button', { name: 'Delete' }).click()
  await pane.getByRole('button', { name: 'Delete project' }).click()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status').first()).toBeVisible()
  await expect
    .poll(() => app.sandbox!.state.opensolar.projects.has(Number(project.remoteId)), { timeout: 30_000 })
    .toBe(false)

  await openProject(page, app, 'aurora')
  await expect(pane.getByRole('button', { name: 'Edit' })).toBeVisible()
  await expect(pane.getByRole('button', { name: 'Delete' })).toHaveCount(0)
})
