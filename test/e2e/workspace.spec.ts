import type { MethodOutput } from '../../src-shared/contract'
import { expect, openProject, screenshot, test, waitForMap } from './fixtures'

test('filters narrow the list and the map; the legend explains the pins', async ({ page, app }) => {
  await app.open(page)
  await waitForMap(page)
  await expect(page.getByRole('note', { name: 'Map legend' })).toContainText('Changes not sent')
  const filters = page.getByRole('group', { name: 'Filters' })
  const all = Number((await page.getByTestId('list-count').textContent())!.match(/\d+/)![0])
  await filters.getByLabel('Vendor').selectOption({ label: 'Easy PV' })
  await expect(page.getByTestId('list-count')).not.toHaveText(`${all} projects`)
  const easyPv = (await app.services.dispatcher.dispatch('projects.list', { limit: 1, vendor: 'easypv' })) as {
    ok: true
    value: MethodOutput<'projects.list'>
  }
  await expect(page.getByTestId('list-count')).toHaveText(`${easyPv.value.total} projects`)
  await expect(page.getByTestId('map')).toHaveAttribute('data-points', String(easyPv.value.total))
  await filters.getByLabel('Stage').selectOption('Quote')
  const rows = page.getByRole('listbox', { name: 'All projects' }).getByRole('option')
  await expect(rows.first()).toContainText('Quote')
  for (const text of await rows.allTextContents()) expect(text).toContain('Quote')
  await screenshot(page, 'workspace-filters')
  // Unsent changes only: none yet.
  await filters.getByLabel('Unsent').check()
  await expect(page.getByRole('heading', { name: 'No project matches these filters' })).toBeVisible()
  await filters.getByRole('button', { name: 'Clear' }).click()
  await expect(page.getByTestId('list-count')).toHaveText(`${all} projects`)
})

test('search finds a postcode and equipment; the selected project stays in view; Enter opens its editor', async ({
  page,
  app,
}) => {
  // The last project by title: far down the list, on a page not loaded at first.
  const last = (await app.services.dispatcher.dispatch('projects.list', {
    limit: 1,
    sort: 'title',
    direction: 'desc',
  })) as { ok: true; value: MethodOutput<'projects.list'> }
  const { project } = await openProject(page, app, last.value.items[0]!.vendor)
  void project
  const target = (await app.services.dispatcher.dispatch('projects.get', { id: last.value.items[0]!.id })) as {
    ok: true
    value: MethodOutput<'projects.get'>
  }
  await page.getByLabel('Search projects').fill(target.value.postcode)
  const results = page.getByRole('listbox', { name: 'Search results' })
  await results.getByRole('option').filter({ hasText: target.value.title }).first().click()
  await page.getByLabel('Search projects').fill('')
  // Back to the whole list: scrolled to the project, which is still selected.
  const row = page.getByRole('listbox', { name: 'All projects' }).getByRole('option', { selected: true })
  await expect(row).toContainText(target.value.title)
  await expect(row).toBeInViewport()
  // Equipment is searchable too.
  const model = target.value.systemSummary?.split('·').at(-1)?.trim()
  if (model) {
    await page.getByLabel('Search projects').fill(model)
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible()
    await page.getByLabel('Search projects').fill('')
  }
  await page.getByRole('listbox', { name: 'All projects' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('form', { name: 'Edit project' })).toBeVisible()
})

test.describe('small and dark', () => {
  test.use({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' })

  test('at 1024 × 700 the map keeps its room, and the window follows the computer’s dark theme', async ({
    page,
    app,
  }) => {
    await openProject(page, app, 'opensolar')
    await waitForMap(page)
    const map = await page.getByTestId('map').boundingBox()
    expect(map!.width).toBeGreaterThanOrEqual(360)
    expect(map!.height).toBeGreaterThanOrEqual(500)
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(background).toBe('rgb(22, 25, 29)')
    await screenshot(page, 'workspace-dark-1024')
  })
})

test.describe('the smallest window', () => {
  // 1366 × 768 at 125 % is 1093 × 614 points; less a taskbar, the window's least size (1024 × 560).
  test.use({ viewport: { width: 1024, height: 560 } })

  test('at 1024 × 560 the list, the map and the project all fit, and the status bar stays in view', async ({
    page,
    app,
  }) => {
    await openProject(page, app, 'opensolar')
    await waitForMap(page)
    const map = await page.getByTestId('map').boundingBox()
    expect(map!.width).toBeGreaterThanOrEqual(360)
    expect(map!.height).toBeGreaterThanOrEqual(360)
    const status = await page.getByRole('status').first().boundingBox()
    expect(status!.y + status!.height).toBeLessThanOrEqual(560)
    // The page itself never scrolls: each pane scrolls on its own.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(560)
    await screenshot(page, 'workspace-1024x560')
  })
})

test('a pin clicked on the map opens its project (the map names pins by number, not id)', async ({ page, app }) => {
  await app.open(page)
  await waitForMap(page)
  const listed = (await app.services.dispatcher.dispatch('projects.list', { limit: 50, vendor: 'opensolar' })) as {
    ok: true
    value: MethodOutput<'projects.list'>
  }
  const target = listed.value.items.find((p) => p.lat !== null)!
  await app.services.dispatcher.dispatch('projects.update', { id: target.id, changes: { notes: 'Pin test' } })
  // Only that project is unsent: the map frames its one pin, in the middle.
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Unsent').check()
  await expect(page.getByTestId('list-count')).toHaveText('1 project')
  const map = page.getByTestId('map')
  await expect(map).toHaveAttribute('data-points', '1')
  await page.waitForTimeout(1200) // the map eases to the pin
  await map.click({ position: { x: (await map.boundingBox())!.width / 2, y: (await map.boundingBox())!.height / 2 } })
  const detail = page.getByRole('complementary', { name: 'Project details' })
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(target.title)
})
