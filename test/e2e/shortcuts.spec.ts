// The app's keys, in the browser host as in the desktop app (whose menu shows them and sends the same
// commands): Find, New project, Settings, Sync now, the shortcuts sheet, About.
import { expect, screenshot, test } from './fixtures'

test.use({ simulators: true })

test('Ctrl+F finds, Ctrl+N starts a project, Ctrl+, opens Settings, Ctrl+R syncs', async ({ page, app }) => {
  await app.open(page)
  await page.getByRole('listbox', { name: 'All projects' }).getByRole('option').first().click()
  await page.keyboard.press('Control+f')
  await expect(page.getByLabel('Search projects')).toBeFocused()

  await page.keyboard.press('Control+n')
  await expect(page.getByRole('complementary', { name: 'New project' })).toBeVisible()

  await page.keyboard.press('Control+,')
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible()
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('list-count')).toBeVisible()

  const before = app.sandbox!.log.all().length
  await page.keyboard.press('Control+r')
  // Sync, not a reload: the page (and what was typed) stays, and the vendors are asked.
  await expect.poll(() => app.sandbox!.log.all().length, { timeout: 20_000 }).toBeGreaterThan(before)
  await expect(page.getByTestId('list-count')).toBeVisible()
})

test('the shortcuts sheet lists every key, opens with Ctrl+/ or ?, and gives focus back when closed', async ({
  page,
  app,
}) => {
  await app.open(page)
  const sync = page.getByRole('button', { name: 'Sync now' })
  await sync.focus()
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  for (const label of ['New project', 'Find a project', 'Sync now', 'Settings', 'Keyboard shortcuts', 'Search'])
    await expect(sheet).toContainText(label)
  await expect(sheet).toContainText('Ctrl+N')
  await screenshot(page, 'shortcuts-sheet')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await expect(sync).toBeFocused()

  // Typing a "?" in a field is typing, not a shortcut.
  await page.getByLabel('Search projects').fill('')
  await page.getByLabel('Search projects').press('?')
  await expect(sheet).toBeHidden()
  await expect(page.getByLabel('Search projects')).toHaveValue('?')
  await page.keyboard.press('Control+/')
  await expect(sheet).toBeVisible()
})
