import { expect, openProject, openOpenSolarProject, screenshot, test } from './fixtures'

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

test('each vendor’s editor offers that vendor’s fields', async ({ page, app }) => {
  // OpenSolar: address parts, location, energy use in its data sources, notes and serials; no customer.
  const { pane } = await openProject(page, app, 'opensolar')
  await pane.getByRole('button', { name: 'Edit' }).click()
  let form = pane.getByRole('form', { name: 'Edit project' })
  await expect(form.getByRole('combobox', { name: 'Stage' })).toBeVisible()
  await expect(form.getByRole('textbox', { name: 'Postcode' })).toBeVisible()
  await expect(form.getByRole('textbox', { name: 'Latitude' })).toBeVisible()
  await form.getByRole('combobox', { name: 'Measured as' }).selectOption('kwh_quarterly')
  await expect(form.getByRole('group', { name: 'Energy use' }).getByRole('textbox')).toHaveCount(4)
  await expect(form.getByRole('textbox', { name: 'Customer name' })).toHaveCount(0)
  await expect(page.getByTestId('placing-pin')).toBeVisible()
  await screenshot(page, 'editor-opensolar')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('placing-pin')).toHaveCount(0)

  // Easy PV: status, design mode, customer; no notes or serial numbers in its API.
  await openProject(page, app, 'easypv')
  await pane.getByRole('button', { name: 'Edit' }).click()
  form = pane.getByRole('form', { name: 'Edit project' })
  await expect(form.getByRole('combobox', { name: 'Status' })).toBeVisible()
  await expect(form.getByRole('combobox', { name: 'Design mode (build date)' })).toBeVisible()
  await expect(form.getByRole('textbox', { name: 'Customer email' })).toBeVisible()
  await expect(form.getByRole('textbox', { name: 'Notes', exact: true })).toHaveCount(0)
  await expect(form.getByRole('textbox', { name: 'Inverter serials' })).toHaveCount(0)
  await screenshot(page, 'editor-easypv')
  await form.getByRole('button', { name: 'Cancel' }).click()

  // Aurora: project type, customer, mailing address.
  await openProject(page, app, 'aurora')
  await pane.getByRole('button', { name: 'Edit' }).click()
  form = pane.getByRole('form', { name: 'Edit project' })
  await expect(form.getByRole('combobox', { name: 'Project type' })).toBeVisible()
  await expect(form.getByRole('textbox', { name: 'Mailing address' })).toBeVisible()
  await expect(form.getByRole('group', { name: 'Energy use' })).toHaveCount(0)
  await screenshot(page, 'editor-aurora')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()
})
