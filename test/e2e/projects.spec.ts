import type { MethodOutput } from '../../src-shared/contract'
import { expect, screenshot, test, waitForMap } from './fixtures'

test.describe('finding and opening a project', () => {
  test('the list shows the seeded projects, virtualised', async ({ page, app }) => {
    await app.open(page)
    const info = (await app.services.dispatcher.dispatch('app.info', {})) as {
      ok: true
      value: MethodOutput<'app.info'>
    }
    await expect(page.getByTestId('list-count')).toHaveText(`${info.value.projectCount} projects`)
    const list = page.getByRole('listbox', { name: 'All projects' })
    await expect(list.getByRole('option').first()).toBeVisible()
    // Only the rows on screen (plus overscan) exist in the DOM.
    expect(await list.getByRole('option').count()).toBeLessThan(60)
    await waitForMap(page)
    await expect(page.getByTestId('map')).toHaveAttribute('data-points', String(info.value.projectCount))
    // Clusters carry their counts; together they account for every pin.
    await expect(page.locator('.cluster-label').first()).toBeVisible()
    const clustered = (await page.locator('.cluster-label').allTextContents()).reduce((n, t) => n + Number(t), 0)
    expect(clustered).toBeLessThanOrEqual(info.value.projectCount)
    expect(clustered).toBeGreaterThan(info.value.projectCount / 2)
    await expect(page.getByRole('status')).toContainText('All changes sent')
    await expect(page.getByRole('status')).toContainText('OpenSolar 1000/1000 requests left today')
    await screenshot(page, 'main-list')
  })

  test('search narrows the list and the map to matching projects', async ({ page, app }) => {
    await app.open(page)
    const all = Number((await page.getByTestId('list-count').textContent())?.split(' ')[0])
    const search = page.getByLabel('Search projects')
    await search.fill('hopetoun')
    const results = page.getByRole('listbox', { name: 'Search results' })
    await expect(page.getByTestId('list-count')).toHaveText(/^\d+ match(es)?/)
    const count = Number((await page.getByTestId('list-count').textContent())?.split(' ')[0])
    expect(count).toBeGreaterThan(0)
    expect(count).toBeLessThan(all)
    for (const title of await results.getByRole('option').locator('.project-row-title').allTextContents()) {
      expect(title).toContain('Hopetoun')
    }
    await expect(page.getByTestId('map')).toHaveAttribute('data-points', String(count))
    await page.waitForTimeout(1000) // the map frames the matches
    await screenshot(page, 'search-results')

    await search.fill('zzzz-no-such-place')
    await expect(page.getByRole('heading', { name: /No project matches/ })).toBeVisible()
    await search.press('Escape')
    await expect(page.getByTestId('list-count')).toHaveText(/^\d+ projects$/)
    await search.fill('bay')
    await page.getByRole('button', { name: 'Clear search' }).click()
    await expect(search).toHaveValue('')
    await expect(page.getByTestId('list-count')).toHaveText(/^\d+ projects$/)
  })

  test('an inverter serial number finds its one project', async ({ page, app }) => {
    const list = (await app.services.dispatcher.dispatch('projects.list', { limit: 1, offset: 17 })) as {
      ok: true
      value: MethodOutput<'projects.list'>
    }
    const target = list.value.items[0]!
    const detail = (await app.services.dispatcher.dispatch('projects.get', { id: target.id })) as {
      ok: true
      value: MethodOutput<'projects.get'>
    }
    await app.open(page)
    await page.getByLabel('Search projects').fill(detail.value.serials.inverters)
    await expect(page.getByTestId('list-count')).toHaveText('1 match')
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveText(
      new RegExp(target.title),
    )
  })

  test('selecting a project fills the detail pane and highlights it on the map', async ({ page, app }) => {
    await app.open(page)
    await waitForMap(page)
    const row = page.getByRole('listbox', { name: 'All projects' }).getByRole('option').nth(3)
    const title = await row.locator('.project-row-title').textContent()
    await row.click()
    await expect(row).toHaveAttribute('aria-selected', 'true')
    const detail = page.getByRole('complementary', { name: 'Project details' })
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText(title!)
    await expect(detail).toContainText('Customer')
    await expect(detail).toContainText('Inverter serials')
    await expect(detail).toContainText(/INV\d{8}/)
    await page.waitForTimeout(2500) // let the map fly to the pin before the picture
    await screenshot(page, 'main-selected')

    // Arrow keys move the selection through the list.
    await page.keyboard.press('ArrowDown')
    const next = page.getByRole('listbox', { name: 'All projects' }).getByRole('option').nth(4)
    await expect(next).toHaveAttribute('aria-selected', 'true')
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText(
      (await next.locator('.project-row-title').textContent())!,
    )
  })

  test('scrolling to the end loads every page of the list', async ({ page, app }) => {
    await app.open(page)
    const last = (await app.services.dispatcher.dispatch('projects.list', {
      limit: 1,
      offset: 0,
      sort: 'title',
      direction: 'desc',
    })) as { ok: true; value: MethodOutput<'projects.list'> }
    const list = page.getByRole('listbox', { name: 'All projects' })
    for (let i = 0; i < 10; i++) {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight))
      await page.waitForTimeout(150)
    }
    await expect(list.getByRole('option').last()).toContainText(last.value.items[0]!.title)
  })

  test('sorting by recently changed puts the newest first', async ({ page, app }) => {
    await app.open(page)
    const newest = (await app.services.dispatcher.dispatch('projects.list', {
      limit: 1,
      sort: 'modifiedAt',
      direction: 'desc',
    })) as { ok: true; value: MethodOutput<'projects.list'> }
    await page.getByLabel('Sort projects').selectOption({ label: 'Recently changed' })
    await expect(page.getByRole('listbox', { name: 'All projects' }).getByRole('option').first()).toContainText(
      newest.value.items[0]!.title,
    )
  })
})
