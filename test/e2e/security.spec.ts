import { expect, screenshot, test, waitForMap } from './fixtures'

test('the app loads and draws the map without a single CSP violation', async ({ page, app }) => {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const response = await page.goto(app.host.url)
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
  await waitForMap(page)
  await page.getByRole('listbox', { name: 'All projects' }).getByRole('option').first().click()
  await page.waitForTimeout(1000)
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
})

test('the token is scrubbed from the address bar and no bridge leaks into the page', async ({ page, app }) => {
  await app.open(page)
  expect(page.url()).not.toContain('token')
  expect(await page.evaluate(() => 'solarField' in window || 'require' in window || 'process' in window)).toBe(false)
  // A reload keeps working from the session's copy of the token.
  await page.reload()
  await expect(page.getByTestId('list-count')).toHaveText(/\d+ projects/)
})

test('without the token the app refuses to start and says why', async ({ page, app }) => {
  await page.goto(app.host.origin + '/')
  await expect(page.getByRole('heading', { name: 'Solar Field could not start' })).toBeVisible()
  await expect(page.getByText(/#token=/)).toBeVisible()
  await screenshot(page, 'no-token')
})

test('a wrong token gets no data', async ({ page, app }) => {
  await page.goto(`${app.host.origin}/#token=${'0'.repeat(64)}`)
  await expect(page.getByText('Projects could not be loaded')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Projects' }).getByText(/not reachable/)).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Sync status unavailable')
})
