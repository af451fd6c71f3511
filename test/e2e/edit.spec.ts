import type { MethodOutput } from '../../src-preload/contract'
import { expect, openOpenSolarProject, screenshot, test } from './fixtures'

test('editing a project on site saves it at once and queues it for the vendor', async ({ page, app }) => {
  const { project, pane } = await openOpenSolarProject(page, app)
  await expect(pane.getByText('✓ In sync')).toBeVisible()

  await pane.getByRole('button', { name: 'Edit' }).click()
  const form = pane.getByRole('form', { name: 'Edit project' })
  const newStage = project.stageOptions.find((s) => s !== project.stage)!
  await form.getByRole('combobox', { name: 'Stage' }).selectOption(newStage)
  await form.getByRole('textbox', { name: 'Notes', exact: true }).fill('Meter box behind the side gate. Dog friendly.')
  await form.getByRole('textbox', { name: 'Inverter serials' }).fill('INV77777777')
  await screenshot(page, 'edit-form')
  await form.getByRole('button', { name: 'Save changes' }).click()

  await expect(form).toBeHidden()
  await expect(pane).toContainText('Meter box behind the side gate. Dog friendly.')
  await expect(pane).toContainText('INV77777777')
  await expect(pane.getByText('◷ 1 pending')).toBeVisible()
  await expect(page.getByRole('status')).toContainText('1 change queued')
  await screenshot(page, 'edit-saved')

  // It is on disk, not just in the page.
  await page.reload()
  await page.getByLabel('Search projects').fill('INV77777777')
  const row = page.getByRole('listbox', { name: 'Search results' }).getByRole('option')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('◷ 1')
  await expect(row).toContainText(newStage)
  await expect(page.getByRole('status')).toContainText('1 change queued')
})

test('vendors that take fewer fields offer fewer, and monitoring is read-only', async ({ page, app }) => {
  const listed = (await app.services.dispatcher.dispatch('projects.list', { limit: 500 })) as {
    ok: true
    value: MethodOutput<'projects.list'>
  }
  const easyPv = listed.value.items.find((p) => p.vendor === 'easypv')!
  await app.open(page)
  await page.getByLabel('Search projects').fill(easyPv.title)
  await page
    .getByRole('listbox', { name: 'Search results' })
    .getByRole('option')
    .filter({ hasText: easyPv.locality })
    .first()
    .click()
  const pane = page.getByRole('complementary', { name: 'Project details' })
  await pane.getByRole('button', { name: 'Edit' }).click()
  const form = pane.getByRole('form', { name: 'Edit project' })
  await expect(form.getByRole('combobox', { name: 'Stage' })).toBeVisible()
  // Easy PV's API has no notes or serial numbers.
  await expect(form.getByRole('textbox', { name: 'Notes', exact: true })).toHaveCount(0)
  await expect(form.getByRole('textbox', { name: 'Inverter serials' })).toHaveCount(0)
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()
})
