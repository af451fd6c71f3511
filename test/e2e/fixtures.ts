// Each test gets the real main services on a fresh data dir, behind the dev host, and a page opened
// on the host's URL — the same renderer build Electron loads, the same contract, another transport.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import type { MethodOutput, Vendor } from '../../src-shared/contract'
import { composeServices, type Services } from '../../src-main/composition'
import { type DevHost, startDevHost } from '../../src-main/host/dev-host'
import { createLogger } from '../../src-main/logging/logger'
import { type Sandbox, startSandbox } from '../../src-main/demo/simulators/sandbox'

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer')
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screens')

interface AppFixture {
  sandbox: Sandbox | null
  /** Every IPC answer and event the window received, and every log line, as text (no secret may be in any). */
  seen: () => string
  host: DevHost
  services: Services
  dataDir: string
  /** Opens the app and waits until the project list has answered. */
  open(page: Page): Promise<void>
}

export const test = base.extend<{ demo: boolean; simulators: boolean; app: AppFixture }>({
  demo: [true, { option: true }],
  /** Run the vendor simulators behind the demo accounts, so sync really happens. */
  simulators: [false, { option: true }],
  app: async ({ demo, simulators }, use) => {
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
      throw new Error('Run "npm run build" before the e2e tests')
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-e2e-'))
    const logs: string[] = []
    const log = createLogger((level, message) => logs.push(`${level} ${message}`))
    const sandbox = simulators ? await startSandbox({ port: 0 }) : null
    const services = await composeServices({
      dataDir,
      log,
      shell: 'browser-host',
      version: '0.0.0-e2e',
      demo,
      sandboxOrigin: sandbox?.origin,
      demoBackend: sandbox ? () => Promise.resolve(sandbox.origin) : undefined,
      // Main keeps the simulators' time (a test may move it on to when a fault is under way).
      now: sandbox ? () => sandbox.clock.now() : undefined,
      // A vendor a test takes down fails within a second, not after the real backoff's half minute.
      syncTuning: { http: { retries: 1, minBackoffMs: 50, maxBackoffMs: 200 } },
    })
    const seen: string[] = []
    services.events.subscribe((_event, payload) => seen.push(JSON.stringify(payload)))
    const recording = {
      dispatch: async (method: unknown, input: unknown) => {
        const answer = await services.dispatcher.dispatch(method, input)
        seen.push(JSON.stringify(answer))
        return answer
      },
    }
    const host = await startDevHost({
      services: { ...services, dispatcher: recording },
      rendererDir: RENDERER_DIR,
      log,
    })
    await use({
      seen: () => [...seen, ...logs].join('\n'),
      host,
      services,
      dataDir,
      sandbox,
      open: async (page) => {
        await page.goto(host.url)
        await expect(page.getByTestId('list-count')).toHaveText(/\d+ projects?/)
      },
    })
    await host.close()
    await services.close()
    await sandbox?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect }

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) })
}

/** Waits until maplibre has started and the offline basemap is in. */
export async function waitForMap(page: Page): Promise<void> {
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true')
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', 'true')
}

/** Finds a project of `vendor` through the services, opens it by searching for it, and returns it with its pane. */
export async function openProject(
  page: Page,
  app: AppFixture,
  vendor: Vendor = 'opensolar',
  /** Which of the vendor's projects (the first, unless told). */
  which: (items: MethodOutput<'projects.list'>['items']) => MethodOutput<'projects.list'>['items'][number] = (items) =>
    items[0]!,
) {
  const listed = (await app.services.dispatcher.dispatch('projects.list', { limit: 500, vendor })) as {
    ok: true
    value: MethodOutput<'projects.list'>
  }
  const target = which(listed.value.items)
  const detail = (await app.services.dispatcher.dispatch('projects.get', { id: target.id })) as {
    ok: true
    value: MethodOutput<'projects.get'>
  }
  // Opened once; after that a search is enough (going to the same URL would not reload the page).
  if (!page.url().startsWith(new URL(app.host.url).origin)) await app.open(page)
  // An inverter serial is unique where there is one; else the title, then the exact match among results.
  await page.getByLabel('Search projects').fill(detail.value.serials.inverters || target.title)
  await page
    .getByRole('listbox', { name: 'Search results' })
    .getByRole('option')
    .filter({ hasText: target.title })
    .first()
    .click()
  const pane = page.getByRole('complementary', { name: 'Project details' })
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(target.title)
  return { project: detail.value, pane }
}

export const openOpenSolarProject = (page: Page, app: AppFixture) => openProject(page, app, 'opensolar')
