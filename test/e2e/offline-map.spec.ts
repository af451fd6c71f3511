import { expect, openProject, screenshot, test } from './fixtures'

// The demo's streets, on a roof with no signal: nothing the map draws may come from anywhere but the app.
test('with the network blocked, a demo project’s map shows its streets, and no request leaves the machine', async ({
  page,
  app,
}) => {
  const host = new URL(app.host.url).origin
  const leaving: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(host) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    leaving.push(url)
    return route.abort('internetdisconnected')
  })
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(host.replace('http', 'ws'))) leaving.push(ws.url())
  })
  const { pane, project } = await openProject(page, app, 'opensolar')
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(project.title)
  const map = page.getByTestId('map')
  await expect(map).toHaveAttribute('data-areas', '1')
  // Zoomed in on the project: streets drawn from the demo area (and the project's own street named).
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click()
  await expect
    .poll(async () => Number(await map.getAttribute('data-area-features')), { timeout: 20_000 })
    .toBeGreaterThan(10)
  await page.waitForTimeout(500)
  await screenshot(page, 'offline-streets')
  expect(leaving).toEqual([])
})
