import { expect, openProject, screenshot, test } from './fixtures'

// The viewer is in Sydney; the sites are in the US: times must be the site's, and say so.
test.use({ simulators: true, timezoneId: 'Australia/Sydney' })

test('a monitored site shows its devices, recent energy and alerts once synced, from the cache', async ({
  page,
  app,
}) => {
  // Monitored sites arrive with the first sync (as in the app: on start, with a connection).
  await app.services.sync.syncAll()
  const { project, pane } = await openProject(page, app, 'locus')
  // A monitored site is Locus's: read-only here.
  await expect(pane.getByText('Read-only')).toBeVisible()
  await expect(pane.getByRole('button', { name: 'Edit' })).toHaveCount(0)
  const data = pane.getByRole('region', { name: 'Monitoring' })
  const devices = data.locator('.component-row')
  const remote = [...app.sandbox!.state.locus.components.values()].filter((c) => String(c.siteId) === project.remoteId)
  await expect(devices).toHaveCount(remote.length)
  await expect(data.getByRole('img', { name: /Hourly energy, \d+ hours/ }).first()).toBeVisible()
  await expect(data).toContainText(/kWh in \d+ h/)
  const site = app.sandbox!.state.locus.sites.get(Number(project.remoteId))!
  await expect(data.getByTestId('site-time-zone')).toContainText(
    `Times are site time (${site.locationTimezone.replaceAll('_', ' ')}`,
  )
  // The latest reading's time, as the site's clock shows it (not Sydney's).
  const latest = (await app.services.dispatcher.dispatch('monitoring.site', { projectId: project.id })) as {
    ok: true
    value: { components: { latest: { ts: string } | null }[] }
  }
  const ts = latest.value.components.find((c) => c.latest)?.latest?.ts
  if (ts) {
    const siteTime = new Intl.DateTimeFormat('en-US', {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: site.locationTimezone,
    }).format(new Date(ts))
    await expect(data).toContainText(siteTime)
  }
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
