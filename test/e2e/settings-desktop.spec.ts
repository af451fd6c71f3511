// Settings for living with the app: the connection test names each vendor's way in; notifications and
// updates (which come with the desktop app, not the browser host) say what they do.
import { expect, screenshot, test } from './fixtures'

test.use({ simulators: true })

test('Settings tests the connection to each vendor, and shows the version, updates and notifications', async ({
  page,
  app,
}) => {
  await app.open(page)
  await page.keyboard.press('Control+,')
  const connection = page.getByRole('region', { name: 'Connection' })
  await connection.getByRole('button', { name: 'Test the connection' }).click()
  await expect(connection.locator('.reach-reachable')).toHaveCount(4)
  await expect(connection).toContainText(/OpenSolar answered \(HTTP \d+\)/)

  const updates = page.getByRole('region', { name: 'Updates' })
  await expect(updates).toContainText('Solar Field 0.0.0-e2e')
  await expect(updates).toContainText('Updates come with the desktop app.')
  await expect(updates.getByRole('button', { name: 'Check now' })).toBeDisabled()

  const notifications = page.getByRole('region', { name: 'Notifications' })
  const box = notifications.getByRole('checkbox')
  await expect(box).toBeChecked()
  await box.uncheck()
  await expect
    .poll(async () => (await app.services.dispatcher.dispatch('preferences.get', {})) as unknown)
    .toMatchObject({ value: { notifications: false } })
  await updates.scrollIntoViewIfNeeded()
  await screenshot(page, 'settings-desktop')
})
