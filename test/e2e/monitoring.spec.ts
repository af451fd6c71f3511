import { nextFault } from '../../src-main/demo/simulators/locus/next-fault'
import { expect, openProject, screenshot, test } from './fixtures'

// The viewer is in Sydney; the sites are in the US: times must be the site's, and say so.
test.use({ simulators: true, timezoneId: 'Australia/Sydney', viewport: { width: 1440, height: 1000 } })

test('a monitored site charts its devices by day, week, month and year, overlaid, and exports them', async ({
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
  const site = app.sandbox!.state.locus.sites.get(Number(project.remoteId))!
  await expect(data.getByTestId('site-time-zone')).toContainText(
    `Times are site time (${site.locationTimezone.replaceAll('_', ' ')}`,
  )
  const remote = [...app.sandbox!.state.locus.components.values()].filter((c) => String(c.siteId) === project.remoteId)
  const devices = data.getByRole('group', { name: 'Devices' }).getByRole('checkbox')
  await expect(devices).toHaveCount(remote.length)

  // Today, every 5 minutes, as the site's calendar has it.
  const chart = data.getByTestId('readings-chart')
  const status = data.getByTestId('readings-status')
  await expect(status).toContainText('5 minutes readings')
  const today = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: site.locationTimezone,
  }).format(new Date())
  await expect(data.getByTestId('period-label')).toHaveText(today)
  await expect(chart.locator('canvas')).toBeVisible()
  await expect(chart.locator('.u-legend .u-series')).toHaveCount(2) // time + one line

  // Yesterday, then back.
  await data.getByRole('button', { name: 'Earlier' }).click()
  await expect(data.getByTestId('period-label')).not.toHaveText(today)
  await data.getByRole('button', { name: 'Now' }).click()
  await expect(data.getByTestId('period-label')).toHaveText(today)

  // Granularities follow the view.
  for (const [view, granularity] of [
    ['Week', 'Hourly readings'],
    ['Month', 'Daily readings'],
    ['Year', 'Monthly readings'],
  ] as const) {
    await data.getByRole('button', { name: view, exact: true }).click()
    await expect(status).toContainText(granularity)
  }
  await data.getByRole('button', { name: 'Week', exact: true }).click()
  await expect(status).toContainText('Hourly readings')

  // A second inverter overlaid: two lines, one legend entry each, named by device.
  const inverterNames = remote.filter((c) => c.nodeType === 'INVERTER').map((c) => c.name)
  expect(inverterNames.length).toBeGreaterThanOrEqual(2)
  await data.getByRole('checkbox', { name: new RegExp(inverterNames[1]!) }).check()
  await expect(chart.locator('.u-legend .u-series')).toHaveCount(3)
  await expect(chart.locator('.u-legend')).toContainText(inverterNames[0]!)
  await expect(chart.locator('.u-legend')).toContainText(inverterNames[1]!)

  // Dragging across zooms in; a sideways scroll pans along the week; a double-click shows it whole again.
  const over = chart.locator('.u-over')
  await over.scrollIntoViewIfNeeded()
  const area = (await over.boundingBox())!
  const view = async () => (await chart.getAttribute('data-view'))?.split('..').map(Number) ?? []
  const [weekStart, weekEnd] = await view()
  await page.mouse.move(area.x + area.width * 0.2, area.y + area.height / 2)
  await page.mouse.down()
  await page.mouse.move(area.x + area.width * 0.4, area.y + area.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect.poll(async () => (await view())[0]!).toBeGreaterThan(weekStart!)
  const [zoomedFrom, zoomedTo] = await view()
  expect(zoomedTo! - zoomedFrom!).toBeLessThan((weekEnd! - weekStart!) / 3)
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2)
  await page.keyboard.down('Shift')
  await page.mouse.wheel(0, 200)
  await page.keyboard.up('Shift')
  await expect.poll(async () => (await view())[0]!).toBeGreaterThan(zoomedFrom!)
  const [pannedFrom, pannedTo] = await view()
  expect(pannedTo! - pannedFrom!).toBeCloseTo(zoomedTo! - zoomedFrom!, -3)
  await over.dblclick()
  await expect.poll(async () => (await view())[0]!).toBe(weekStart!)

  // Hovering reads out values under the cursor.
  const box = (await chart.locator('.u-over').boundingBox())!
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2)
  await expect(chart.locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/\d|—/)
  await screenshot(page, 'monitoring-week-overlay')
  await data.screenshot({ path: 'test-results/screens/monitoring-week-overlay-pane.png' })
  // Widened, the chart takes the map's room.
  const narrow = (await chart.boundingBox())!.width
  await data.getByRole('button', { name: 'Wider' }).click()
  await expect.poll(async () => (await chart.boundingBox())!.width).toBeGreaterThan(narrow * 1.5)
  await data.getByTestId('readings').scrollIntoViewIfNeeded()
  await screenshot(page, 'monitoring-wide')

  // CSV: a row per hour in site time, a column per line.
  const download = page.waitForEvent('download')
  await data.getByRole('button', { name: 'Export CSV' }).click()
  const csv = await (await download).createReadStream().then(async (stream) => {
    let text = ''
    for await (const chunk of stream) text += String(chunk)
    return text
  })
  const [header, first] = csv.split('\n')
  expect(header).toBe(`time (${site.locationTimezone}),${inverterNames[0]} W_avg (W),${inverterNames[1]} W_avg (W)`)
  expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00[-+]\d{2}:\d{2},/)

  // Alerts are listed in site time.
  const alerts = (await app.services.dispatcher.dispatch('monitoring.site', { projectId: project.id })) as {
    ok: true
    value: { alerts: { startedAt: string }[] }
  }
  const started = alerts.value.alerts[0]?.startedAt
  if (started) {
    const siteTime = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: site.locationTimezone,
    }).format(new Date(started))
    await expect(data.locator('.alert-list')).toContainText(siteTime)
  }

  // With Locus unreachable: what was seen is still there, and what was not is said to be missing.
  app.sandbox!.faults.add({ vendor: 'locus', status: 503 })
  await data.getByRole('button', { name: 'Earlier' }).click()
  await data.getByRole('button', { name: 'Earlier' }).click()
  await expect(status).toContainText('Not on this computer')
  await data.getByRole('button', { name: 'Now' }).click()
  await expect(status).not.toContainText('Not on this computer')
  await expect(chart.locator('.u-legend .u-series')).toHaveCount(3)
  await data.screenshot({ path: 'test-results/screens/monitoring-offline-pane.png' })
})

test('a custom range picks its granularity, and offers only what the devices report', async ({ page, app }) => {
  await app.services.sync.syncAll()
  const { pane } = await openProject(page, app, 'locus')
  const data = pane.getByRole('region', { name: 'Monitoring' })
  await data.getByRole('button', { name: 'Custom', exact: true }).click()
  const status = data.getByTestId('readings-status')
  // A week by default: hourly.
  await expect(status).toContainText('Hourly readings')
  const every = data.getByRole('combobox')
  const offered = await every.locator('option').allTextContents()
  expect(offered).toEqual(['Automatic', '5 minutes', '15 minutes', 'Hourly', 'Daily', 'Monthly', 'Yearly'])
  await every.selectOption({ label: 'Daily' })
  await expect(status).toContainText('Daily readings')
  await data.screenshot({ path: 'test-results/screens/monitoring-custom-pane.png' })
})

test('open alerts across sites are counted in the header, listed in each site’s time, and open their site', async ({
  page,
  app,
}) => {
  const fault = nextFault(app.sandbox!)
  app.sandbox!.clock.advance(fault.startMs + 10 * 60_000 - app.sandbox!.clock.nowMs())
  await app.services.sync.syncAll()
  await app.open(page)
  const button = page.getByRole('button', { name: /^Alerts · \d+ open$/ })
  await expect(button).toBeVisible()
  await button.click()
  const panel = page.getByRole('region', { name: 'Alerts across sites' })
  const answer = (await app.services.dispatcher.dispatch('monitoring.alerts', { open: true })) as {
    ok: true
    value: { items: { siteTitle: string; startedAt: string; timeZone: string | null }[] }
  }
  const [first] = answer.value.items
  expect(first).toBeDefined()
  await expect(panel.locator('.alert-row')).toHaveCount(answer.value.items.length)
  const siteTime = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: first!.timeZone!,
  }).format(new Date(first!.startedAt))
  await expect(panel.locator('.alert-row').first()).toContainText(siteTime)
  await expect(panel.locator('.alert-row').first()).toContainText('still open')
  await screenshot(page, 'alerts-across-sites')
  await panel.getByRole('button', { name: first!.siteTitle }).first().click()
  await expect(panel).toHaveCount(0)
  const pane = page.getByRole('complementary', { name: 'Project details' })
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(first!.siteTitle)
  await expect(pane.getByRole('region', { name: 'Monitoring' })).toContainText(/Alerts · \d+ open/)
})

test('a design shows the monitored site it became, with its charts, and the technician can correct the match', async ({
  page,
  app,
}) => {
  await app.services.sync.syncAll()
  // The simulator's second Aurora design is its second Locus site, installed.
  const design = [...app.sandbox!.state.aurora.projects.values()][1]!
  const site = [...app.sandbox!.state.locus.sites.values()][1]!
  const { pane } = await openProject(page, app, 'aurora', (items) => items.find((p) => p.title === design.name)!)
  const link = pane.getByTestId('site-link')
  await expect(link).toContainText(`Monitored as ${site.name}`)
  await expect(link).toContainText('same address')
  await expect(link).toContainText('matched')
  // Its devices' data, here in the design's pane.
  const data = pane.getByRole('region', { name: 'Monitoring' })
  await expect(data.getByTestId('readings-chart').locator('canvas')).toBeVisible()
  await pane.getByRole('region', { name: 'Monitored site' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'design-monitored-site')

  // "Not monitored": the data goes, the choice is remembered and can be undone.
  await link.getByRole('button', { name: 'Change' }).click()
  await link.getByLabel('Monitored site').selectOption({ label: 'Not monitored' })
  await expect(link).toContainText('Not monitored (your choice)')
  await expect(pane.getByRole('region', { name: 'Monitoring' })).toHaveCount(0)
  await link.getByLabel('Monitored site').selectOption({ label: 'Match automatically' })
  await expect(link).toContainText(`Monitored as ${site.name}`)
})
