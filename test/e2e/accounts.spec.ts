import { DEMO_CREDENTIALS } from '../../src-main/demo/simulators/credentials'
import { expect, screenshot, test } from './fixtures'

test.use({ demo: false, simulators: true })

test('first run: add an OpenSolar account, test it, sync, edit energy use offline, send on reconnect; a revoked token is signed in again', async ({
  page,
  app,
}) => {
  const sandbox = app.sandbox!
  await page.goto(app.host.url)
  const welcome = page.getByRole('region', { name: 'Welcome' })
  await expect(welcome.getByRole('heading', { name: /Welcome to Solar Field/ })).toBeVisible()
  await screenshot(page, 'welcome')

  // Add the account with the simulator's credentials.
  await welcome.getByRole('button', { name: 'Add an account' }).click()
  const settings = page.getByRole('region', { name: 'Settings' })
  await settings.getByRole('group', { name: 'Which vendor' }).getByRole('button', { name: 'OpenSolar' }).click()
  const form = settings.getByRole('form', { name: 'Add a OpenSolar account' })
  await expect(form.getByLabel('Address')).toHaveValue('https://api.opensolar.com')
  await form.getByLabel('Name').fill('Harbour Solar')
  await form.getByLabel('Address').fill(sandbox.baseUrls.opensolar)
  await form.getByLabel('Organisation id').fill(String(DEMO_CREDENTIALS.opensolar.orgId))
  await form.getByLabel('API token').fill('wrong-token')
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByRole('status')).toHaveText('OpenSolar did not accept this sign-in. It said: Invalid token.')
  await form.getByLabel('API token').fill(DEMO_CREDENTIALS.opensolar.token)
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByRole('status')).toHaveText('✓ OpenSolar accepted the token for organisation 1.')
  await screenshot(page, 'settings-add-account')
  await form.getByRole('button', { name: 'Save account' }).click()
  const card = settings.getByRole('listitem', { name: 'Harbour Solar' })
  await expect(card).toContainText('API token: saved')
  await screenshot(page, 'settings')

  // Saved: it syncs at once, and its projects are here.
  await settings.getByRole('button', { name: 'Back to projects' }).click()
  await expect(page.getByTestId('list-count')).toHaveText(/^\d+ projects$/, { timeout: 30_000 })
  const [remote] = [...sandbox.state.opensolar.projects.values()]
  await page.getByLabel('Search projects').fill(remote!.serial_numbers_inverters)
  await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().click()
  const pane = page.getByRole('complementary', { name: 'Project details' })

  // On site with no signal: the customer's energy use, from their bills, is kept and queued.
  sandbox.faults.add({ vendor: 'opensolar', drop: 'before-response' })
  await pane.getByRole('button', { name: 'Edit' }).click()
  const usage = pane.getByRole('group', { name: 'Energy use' })
  await usage.getByRole('combobox', { name: 'Measured as' }).selectOption('bill_quarterly')
  for (const [quarter, value] of [
    ['Q1', '410'],
    ['Q2', '385'],
    ['Q3', '352'],
    ['Q4', '398'],
  ])
    await usage.getByRole('textbox', { name: quarter }).fill(value!)
  await pane.getByRole('button', { name: 'Save changes' }).click()
  await expect(pane.getByText('Bills, quarterly: 410, 385, 352, 398')).toBeVisible()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('1 change queued')
  await expect(page.getByRole('status')).toContainText(/OpenSolar not answering|no vendor answers/)
  // Back in signal.
  sandbox.faults.clear()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  expect(sandbox.state.opensolar.projects.get(remote!.id)?.usage).toEqual({
    usage_data_source: 'bill_quarterly',
    values: [410, 385, 352, 398],
  })

  // The token is revoked at OpenSolar: the next change waits for a new sign-in, then goes.
  sandbox.revoke('opensolar')
  await pane.getByRole('button', { name: 'Edit' }).click()
  await pane.getByRole('textbox', { name: 'Site notes' }).fill('Isolator replaced')
  await pane.getByRole('button', { name: 'Save changes' }).click()
  await page.getByRole('button', { name: 'Sync now' }).click()
  const status = page.getByRole('status')
  await expect(status.getByRole('button', { name: /OpenSolar: sign in again/ })).toBeVisible({ timeout: 30_000 })
  await status.getByRole('button', { name: /sign in again/ }).click()
  await page.getByRole('region', { name: 'Accounts' }).getByRole('button', { name: 'Sign in again…' }).click()
  const signIn = page.getByRole('form', { name: 'Sign in to Harbour Solar again' })
  const newToken = sandbox.issueOpenSolarToken()
  await signIn.getByLabel('New API token').fill(newToken)
  await screenshot(page, 'settings-sign-in-again')
  await signIn.getByRole('button', { name: 'Sign in and send' }).click()
  await expect(settings.getByRole('listitem', { name: 'Harbour Solar' })).not.toContainText('Sign in again')
  await settings.getByRole('button', { name: 'Back to projects' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  expect(sandbox.state.opensolar.projects.get(remote!.id)?.site_notes).toBe('Isolator replaced')

  // No secret ever reached the window or the log.
  const seen = app.seen()
  expect(seen).toContain('Harbour Solar')
  for (const secret of [DEMO_CREDENTIALS.opensolar.token, newToken, 'wrong-token']) expect(seen).not.toContain(secret)
})
