import { expect, screenshot, test, waitForMap } from './fixtures'

test.use({ demo: false })

test('a fresh install says what to do next', async ({ page, app }) => {
  await app.open(page)
  await expect(page.getByTestId('list-count')).toHaveText('0 projects')
  await expect(page.getByRole('heading', { name: 'No projects on this computer yet' })).toBeVisible()
  await expect(page.getByText(/add your OpenSolar, Easy PV, Aurora or Locus account/)).toBeVisible()
  await expect(page.getByRole('heading', { name: 'No project selected' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('All changes sent')
  await waitForMap(page)
  await screenshot(page, 'empty-cache')
})
