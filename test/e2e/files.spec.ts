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
