// The desktop app itself, through Playwright's Electron driver. Electron's binary cannot be downloaded
// on every machine (not on this project's CI): then these tests skip and say so.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = path.resolve(import.meta.dirname, '../..')
const binaryMarker = path.join(root, 'node_modules/electron/path.txt')
const hasBinary = fs.existsSync(binaryMarker)
const reason = `Electron's binary is not installed (${path.relative(root, binaryMarker)} is missing); run "npx install-electron" on a machine that can download it`

if (!hasBinary) console.log(`[electron] skipping desktop tests: ${reason}`)

test.describe('desktop app', () => {
  test.skip(!hasBinary, reason)

  test('opens a locked-down window that shows the projects', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-electron-'))
    const app = await electron.launch({
      args: [path.join(root, 'out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, SOLAR_FIELD_DEMO: '1' },
    })
    try {
      const page = await app.firstWindow()
      await expect(page).toHaveTitle('Solar Field')
      expect(page.url()).toMatch(/^app:\/\/solar-field\//)
      await expect(page.getByTestId('list-count')).toHaveText(/\d+ projects/)
      const exposed = await page.evaluate(() => ({
        bridge: Object.keys((window as unknown as { solarField: object }).solarField).sort(),
        node: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }))
      expect(exposed.bridge).toContain('projects.search')
      expect(exposed.bridge).toContain('on')
      expect(exposed.node).toBe('undefined')
      expect(exposed.process).toBe('undefined')
      // An in-window navigation elsewhere is refused: the window stays on the app.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/'
      })
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^app:\/\/solar-field\//)
    } finally {
      await app.close()
      fs.rmSync(userData, { recursive: true, force: true })
    }
  })

  test('has its own menu (no Reload or DevTools), Ctrl+R syncs, and a quit closes the services', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-electron-'))
    const app = await electron.launch({
      args: [path.join(root, 'out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, SOLAR_FIELD_DEMO: '1' },
    })
    try {
      const page = await app.firstWindow()
      await expect(page.getByTestId('list-count')).toHaveText(/\d+ projects/)
      const labels = await app.evaluate(({ Menu }) => {
        const walk = (items: Electron.MenuItem[]): string[] =>
          items.flatMap((i) => [i.label || i.role || '', ...walk(i.submenu?.items ?? [])])
        return walk(Menu.getApplicationMenu()?.items ?? [])
      })
      expect(labels).toEqual(
        expect.arrayContaining(['New project', 'Sync now', 'Export diagnostics…', 'Keyboard shortcuts']),
      )
      // Run from the sources (not packaged), the developer items are there; a packaged app has none (unit-tested).
      await page.keyboard.press('Control+R')
      await expect(page.getByTestId('list-count')).toHaveText(/\d+ projects/)
      await page.keyboard.press('Control+/')
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    } finally {
      await app.close()
      // Closed cleanly: the database's WAL was folded back in.
      expect(
        fs.existsSync(path.join(userData, 'solar-field.db-wal'))
          ? fs.statSync(path.join(userData, 'solar-field.db-wal')).size
          : 0,
      ).toBe(0)
      fs.rmSync(userData, { recursive: true, force: true })
    }
  })
})
