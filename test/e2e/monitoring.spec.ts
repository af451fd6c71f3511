import { expect, openProject, screenshot, test } from './fixtures'

test.use({ simulators: true })

test('a monitored site shows its devices, recent energy and alerts once synced, from the cache', async ({
  page,
  app,
}) => {
  // Monitored sites arrive with the first sync (as in the app: on start, with a connection).
  await app.services.sync.syncAll()
  const { project, pane } = await openProject(page, app, 'locus')
  const data = pane.getByRole('region', { name: 'Monitoring' })
  const devices = data.locator('.component-row')
  const remote = [...app.sandbox!.state.locus.components.values()].filter((c) => String(c.siteId) === project.remoteId)
  await expect(devices).toHaveCount(remote.length)
  await expect(data.getByRole('img', { name: /Hourly energy, \d+ hours/ }).first()).toBeVisible()
  await expect(data).toContainText(/kWh in \d+ h/)
  await screenshot(page, 'monitoring')

  // The view reads the cache: with Locus unreachable, it still shows everything.
  app.sandbox!.faults.add({ vendor: 'locus', status: 503 })
  await page.reload()
  await page.getByLabel('Search projects').fill(project.title)
  await page
    .getByRole('listbox', { name: 'Search results' })
    .getByRole('option')
    .filter({ hasText: project.title })
    .first()
    .click()
  await expect(pane.getByRole('region', { name: 'Monitoring' }).locator('.component-row')).toHaveCount(remote.length)
})
