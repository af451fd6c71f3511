import { expect, openOpenSolarProject, openProject, screenshot, test } from './fixtures'

test.use({ simulators: true })

const jpeg = (n: number) => ({
  name: `Switchboard ${n}.jpg`,
  mimeType: 'image/jpeg',
  buffer: Buffer.alloc(700_000 + n, n), // over one 512 kB piece: the file crosses in two
})

test('a file dropped on a project is kept, tagged, and uploaded to OpenSolar on sync', async ({ page, app }) => {
  // Synced once before the visit: the organisation's file tags are known on site.
  await app.services.sync.syncAll()
  const { project, pane } = await openOpenSolarProject(page, app)
  const files = pane.getByRole('region', { name: 'Files' })
  await expect(files).toContainText('No files yet.')

  // Drop, as from the file manager: a real DataTransfer carrying a File.
  await files.locator('.drop-zone').evaluate((zone) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(2048).fill(7)], 'Meter board.jpg', { type: 'image/jpeg' }))
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  // And picked with the file chooser.
  await files.getByLabel('Add files').setInputFiles(jpeg(1))
  const meter = files.getByRole('listitem').filter({ hasText: 'Meter board.jpg' })
  const board = files.getByRole('listitem').filter({ hasText: 'Switchboard 1.jpg' })
  await expect(meter).toContainText('Waiting to upload')
  await expect(board).toContainText('684 kB')
  await board.getByRole('button', { name: 'Site Photo' }).click()
  await expect(board.getByRole('button', { name: 'Site Photo' })).toHaveAttribute('aria-pressed', 'true')
  await meter.getByRole('button', { name: 'Rename' }).click()
  await files.getByLabel('New name for Meter board.jpg').fill('Meter board before.jpg')
  await files.getByRole('button', { name: 'Save' }).click()
  await expect(files.getByText('Meter board before.jpg')).toBeVisible()
  // Added + renamed + tagged offline: still one upload per file.
  await expect(page.getByRole('status')).toContainText('2 changes queued')
  await expect(pane.getByText('◷ 2 pending')).toBeVisible()
  await screenshot(page, 'files-queued')

  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  await expect(files.getByRole('listitem').filter({ hasText: 'Uploaded' })).toHaveCount(2)
  await expect(pane.getByText('✓ In sync')).toBeVisible()
  const remote = [...app.sandbox!.state.opensolar.files.values()].filter(
    (f) => f.projectId === Number(project.remoteId),
  )
  expect(remote.map((f) => [f.title, f.data?.length, f.fileTagIds]).sort()).toEqual([
    ['Meter board before.jpg', 2048, []],
    ['Switchboard 1.jpg', 700_001, [61]],
  ])
  await screenshot(page, 'files-uploaded')

  await board.getByRole('button', { name: 'Remove Switchboard 1.jpg' }).click()
  await board.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByRole('status')).toContainText('All changes sent', { timeout: 30_000 })
  await expect(files.getByRole('listitem')).toHaveCount(1)
  expect([...app.sandbox!.state.opensolar.files.values()].some((f) => f.title === 'Switchboard 1.jpg')).toBe(false)
})

test('a vendor that takes no files keeps them on this computer, and says so', async ({ page, app }) => {
  const { pane } = await openProject(page, app, 'easypv')
  const files = pane.getByRole('region', { name: 'Files' })
  await expect(files).toContainText('Easy PV takes no files from Solar Field: they stay on this computer.')
  await files.getByLabel('Add files').setInputFiles(jpeg(2))
  await expect(files.getByRole('listitem')).toContainText('Kept on this computer')
  await expect(page.getByRole('status')).toContainText('All changes sent')
  await screenshot(page, 'files-local')
})

test('photos show as thumbnails and open full size; empty files are refused; removing asks first', async ({
  page,
  app,
}) => {
  const { pane } = await openOpenSolarProject(page, app)
  const files = pane.getByRole('region', { name: 'Files' })
  // A real photo, drawn in the page and dropped as from the file manager.
  await files.locator('.drop-zone').evaluate(async (zone) => {
    const canvas = document.createElement('canvas')
    canvas.width = 640
    canvas.height = 480
    const g = canvas.getContext('2d')!
    g.fillStyle = '#4dabf7'
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#f08c00'
    g.fillRect(120, 160, 400, 160)
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'))
    const transfer = new DataTransfer()
    transfer.items.add(new File([blob], 'Inverter label.png', { type: 'image/png' }))
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  const photo = files.getByRole('listitem').filter({ hasText: 'Inverter label.png' })
  const thumb = photo.getByRole('button', { name: 'Preview Inverter label.png' })
  await expect(thumb.locator('img')).toBeVisible()
  await thumb.click()
  const preview = page.getByRole('dialog', { name: 'Preview of Inverter label.png' })
  await expect(preview.locator('img')).toBeVisible()
  expect(await preview.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640)
  await screenshot(page, 'files-preview')
  await preview.getByRole('button', { name: 'Close preview' }).click()

  // An empty file is refused, with the reason, on this project only.
  await files
    .getByLabel('Add files')
    .setInputFiles({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) })
  await expect(files.getByRole('alert')).toContainText('This file is empty (0 bytes)')
  await screenshot(page, 'files-thumbnail')

  // Removing asks first.
  await photo.getByRole('button', { name: 'Remove Inverter label.png' }).click()
  const ask = photo.getByRole('alertdialog', { name: 'Remove Inverter label.png?' })
  await ask.getByRole('button', { name: 'Keep it' }).click()
  await expect(photo).toBeVisible()
  await photo.getByRole('button', { name: 'Remove Inverter label.png' }).click()
  await photo.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click()
  await expect(files.getByRole('listitem').filter({ hasText: 'Inverter label.png' })).toHaveCount(0)
})

test('a vendor’s file is downloaded on demand, then saved or opened from this computer', async ({ page, app }) => {
  const sandbox = app.sandbox!
  const [remote] = [...sandbox.state.opensolar.projects.values()]
  // The office attached a PDF in OpenSolar.
  const form = new FormData()
  form.append('title', 'Single line diagram.pdf')
  form.append('project', `${sandbox.baseUrls.opensolar}/api/orgs/1/projects/${remote!.id}/`)
  form.append('file_contents', new Blob([Buffer.from('%PDF-1.4 single line diagram')]), 'sld.pdf')
  const created = await fetch(`${sandbox.baseUrls.opensolar}/api/orgs/1/private_files/`, {
    method: 'POST',
    headers: { Authorization: 'Bearer demo-opensolar-token' },
    body: form,
  })
  expect(created.status).toBe(201)
  await app.services.sync.syncAll()
  await app.open(page)
  await page.getByLabel('Search projects').fill(remote!.serial_numbers_inverters)
  await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().click()
  const files = page.getByRole('complementary', { name: 'Project details' }).getByRole('region', { name: 'Files' })
  const pdf = files.getByRole('listitem').filter({ hasText: 'Single line diagram.pdf' })
  await expect(pdf).toContainText('From the vendor')
  await pdf.getByRole('button', { name: 'Download Single line diagram.pdf' }).click()
  const open = pdf.getByRole('button', { name: 'Open Single line diagram.pdf' })
  await expect(open).toBeVisible()
  // In the browser host there is no system viewer to call: the file is saved instead.
  const [download] = await Promise.all([page.waitForEvent('download'), open.click()])
  expect(download.suggestedFilename()).toBe('Single line diagram.pdf')
  const saved = await download.path()
  expect((await import('node:fs')).readFileSync(saved, 'utf8')).toBe('%PDF-1.4 single line diagram')
})
