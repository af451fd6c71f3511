import fs from 'node:fs'
import { gzipSync } from 'node:zlib'
import { writePmtiles } from '../../src-main/maps/pmtiles-writer'
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

test('an area file imported in Settings is listed and drawn; a file that is not one is refused in plain words', async ({
  page,
  app,
}, testInfo) => {
  const area = writePmtiles([{ z: 12, x: 3780, y: 2412, data: gzipSync(Buffer.from('x')) }], {
    tileType: 1,
    tileCompression: 2,
    bounds: { minLon: 152.2, minLat: -27.9, maxLon: 153.3, maxLat: -27.0 },
    metadata: { name: 'Brisbane streets' },
  })
  const file = testInfo.outputPath('brisbane.pmtiles')
  fs.writeFileSync(file, area)
  const notAMap = testInfo.outputPath('photo.pmtiles')
  fs.writeFileSync(notAMap, Buffer.from('\xff\xd8\xff\xe0 a photo renamed'))

  await app.open(page)
  await page.getByRole('button', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Offline maps' })
  await expect(section.locator('.map-area-row')).toHaveCount(1)
  await expect(section).toContainText('Demo streets')
  await section.getByLabel('Map area file').setInputFiles(notAMap)
  await expect(section.getByRole('alert')).toContainText('not a map area file')
  await section.getByLabel('Map area file').setInputFiles(file)
  await expect(section.locator('.map-area-row')).toHaveCount(2)
  await expect(section).toContainText('Brisbane streets')
  await section.screenshot({ path: 'test-results/screens/settings-offline-maps.png' })
  await page.getByRole('button', { name: 'Back to projects' }).click()
  await expect(page.getByTestId('map')).toHaveAttribute('data-areas', '2')
})

test.describe('with an online street source', () => {
  test.use({ simulators: true })
  test('its streets are kept around the projects for offline, within the size set', async ({ page, app }) => {
    await app.open(page)
    await page.getByRole('button', { name: 'Settings' }).click()
    const section = page.getByRole('region', { name: 'Offline maps' })
    await section.getByLabel('Online street source').fill(`${app.sandbox!.baseUrls.tiles}/streets.pmtiles`)
    await section.getByLabel('Online street source').blur()
    await expect(section.locator('.map-area-row').filter({ hasText: 'Online streets' })).toHaveCount(1)
    await section.getByRole('spinbutton').fill('5')
    await section.getByRole('button', { name: 'Keep now' }).click()
    await expect(section.getByRole('status')).toContainText(/Kept the streets around \d+ projects/)
    const kept = section.locator('.map-area-row').filter({ hasText: 'Around your projects' })
    await expect(kept).toContainText('kept around your projects')
    await section.screenshot({ path: 'test-results/screens/settings-online-streets.png' })
    const { keepMapMb, mapSource } = (
      (await app.services.dispatcher.dispatch('preferences.get', {})) as {
        value: { keepMapMb: number; mapSource: string }
      }
    ).value
    expect([keepMapMb, mapSource]).toEqual([5, `${app.sandbox!.baseUrls.tiles}/streets.pmtiles`])
  })
})
