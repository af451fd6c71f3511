// The window's renderer dying loses nothing: an edit is saved in main as it is made, and the desktop app
// reloads the window (with ?recovered=), which says so. Here the renderer is crashed for real (CDP) and
// reloaded as the desktop app's recovery reloads it.
import { expect, openOpenSolarProject, screenshot, test } from './fixtures'

test('a renderer that crashes is reopened with a word of explanation, and the edit made before is there', async ({
  page,
  app,
}) => {
  const { project, pane } = await openOpenSolarProject(page, app)
  await pane.getByRole('button', { name: 'Edit' }).click()
  await pane.getByRole('textbox', { name: 'Site notes' }).fill('Roof access via the side gate')
  await pane.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('1 change queued')

  // Chromium's own way to crash a renderer for real.
  const crashed = page.waitForEvent('crash', { timeout: 15_000 })
  void page.goto('chrome://crash').catch(() => undefined)
  await crashed

  // A new renderer, as the desktop app's reload starts one, on the same address with ?recovered=.
  const url = new URL(app.host.url)
  const reopened = await page.context().browser()!.newPage()
  await reopened.goto(`${url.origin}/?recovered=crashed${url.hash}`)
  await expect(reopened.getByRole('alert')).toContainText('The window stopped unexpectedly and was opened again')
  expect(reopened.url()).not.toContain('recovered')
  await reopened.getByLabel('Search projects').fill(project.serials.inverters || project.title)
  await reopened.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().click()
  await expect(reopened.getByRole('complementary', { name: 'Project details' })).toContainText(
    'Roof access via the side gate',
  )
  await screenshot(reopened, 'recovered')
})
