import { expect, screenshot, test, waitForMap } from './fixtures'

test.describe('a fresh install', () => {
  test.use({ demo: false })

  test('welcomes, and says plainly when the demo cannot start here', async ({ page, app }) => {
    await page.goto(app.host.url)
    const welcome = page.getByRole('region', { name: 'Welcome' })
    await expect(welcome.getByRole('button', { name: 'Add an account' })).toBeVisible()
    await welcome.getByRole('button', { name: 'Try the demo' }).click()
    await expect(welcome.getByRole('alert')).toHaveText(/The demo needs the vendor simulators/)
    await expect(page.getByText('Demo data')).toHaveCount(0)
  })
})

test.describe('a fresh install with the simulators', () => {
  test.use({ demo: false, simulators: true })

  test('tries the demo: its accounts sync, its projects arrive, and the demo badge shows', async ({ page, app }) => {
    await page.goto(app.host.url)
    await page.getByRole('region', { name: 'Welcome' }).getByRole('button', { name: 'Try the demo' }).click()
    await expect(page.getByTestId('list-count')).toHaveText(/^\d{3,} projects$/, { timeout: 30_000 })
    await expect(page.getByText('Demo data')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'No project selected' })).toBeVisible()
    await waitForMap(page)
    await screenshot(page, 'demo-started')
  })
})
