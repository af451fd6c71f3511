// The desktop conventions around the window, wired to Electron: the application menu, notifications
// and taskbar progress, recovery from a renderer that died, updates, links, saving a file where the
// technician chooses, and a quit that waits (a while) for the services to close. The decisions are the
// pure modules' in desktop/ and updates/, tested under Node; this only connects them.
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import { app, BrowserWindow, dialog, Menu, Notification, powerMonitor } from 'electron'
import type { Services } from '../composition'
import { linkInArguments, parseDeepLink, type ProjectLink } from '../desktop/deep-link'
import { buildMenuTemplate } from '../desktop/menu-template'
import { RendererRecovery } from '../desktop/renderer-recovery'
import type { Notice } from '../desktop/sync-notices'
import type { Logger } from '../logging/logger'

/** The longest a quit waits for the services before it goes anyway (they bound their own wait at 5 s). */
const QUIT_WITHIN_MS = 10_000

export function installMenu(services: Services): void {
  const send = (command: Parameters<Parameters<typeof buildMenuTemplate>[0]['send']>[0]) =>
    services.events.emit('app.command', { command })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, development: !app.isPackaged, send })),
  )
}

export function notify(notice: Notice): void {
  if (Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show()
}

export function showProgress(fraction: number | null): void {
  for (const window of BrowserWindow.getAllWindows()) window.setProgressBar(fraction ?? -1)
}

export const windowFocused = (): boolean => BrowserWindow.getFocusedWindow() !== null

/** A renderer that crashed or hung is reloaded, saying so; one that keeps crashing shows why instead. */
export function recoverRenderer(window: BrowserWindow, entryUrl: string, log: Logger): void {
  const recovery = new RendererRecovery()
  const reload = (notice: string) => void window.loadURL(`${entryUrl}?recovered=${encodeURIComponent(notice)}`)
  window.webContents.on('render-process-gone', (_event, details) => {
    log.warn(`The window's renderer is gone (${details.reason}, exit ${details.exitCode})`)
    const decision = recovery.gone(details.reason)
    if (decision.action === 'reload') reload(decision.notice)
    else if (decision.action === 'give-up')
      void dialog.showMessageBox(window, { type: 'error', title: 'Solar Field', message: decision.notice })
  })
  let hungSince: number | null = null
  let check: NodeJS.Timeout | undefined
  window.on('unresponsive', () => {
    hungSince ??= Date.now()
    check = setInterval(() => {
      const decision = recovery.unresponsive(Date.now() - (hungSince ?? Date.now()))
      if (decision.action !== 'reload') return
      clearInterval(check)
      hungSince = null
      log.warn('The window stopped answering: reloading it')
      reload(decision.notice)
    }, 1_000)
  })
  window.on('responsive', () => {
    clearInterval(check)
    hungSince = null
  })
}

/** Writes a file where the technician chose, checked by reading it back. */
export async function saveFile(suggestedName: string, bytes: Uint8Array): Promise<boolean> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const options = { defaultPath: suggestedName, filters: [{ name: 'Zip archive', extensions: ['zip'] }] }
  const { canceled, filePath } = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options)
  if (canceled || !filePath) return false
  await fs.writeFile(filePath, bytes)
  const written = await fs.readFile(filePath)
  const sha = (data: Uint8Array) => crypto.createHash('sha256').update(data).digest('hex')
  if (sha(written) !== sha(bytes)) throw new Error(`${filePath} could not be written whole (is the disk full?)`)
  return true
}

/**
 * solarfield:// links: registered with the OS (the installers register them too), read from the
 * arguments of this start or a second one (Windows, Linux) or from open-url (macOS, maybe before ready).
 */
export function handleLinks(open: (link: ProjectLink) => void, log: Logger): void {
  if (!app.isDefaultProtocolClient('solarfield')) app.setAsDefaultProtocolClient('solarfield')
  const take = (link: ProjectLink | null, source: string) => {
    if (link) open(link)
    else log.warn(`Ignored a link that is not a Solar Field project link (${source})`)
  }
  app.on('open-url', (event, url) => {
    event.preventDefault()
    take(parseDeepLink(url), 'open-url')
  })
  app.on('second-instance', (_event, argv) => {
    const window = BrowserWindow.getAllWindows()[0]
    if (window?.isMinimized()) window.restore()
    window?.focus()
    const link = linkInArguments(argv)
    if (link) open(link)
  })
  const first = linkInArguments(process.argv)
  if (first) take(first, 'arguments')
}

/** Sync when the computer wakes or is unlocked (the network may be back), not only on the timer. */
export function syncOnWake(services: Services): void {
  const sync = () => void services.sync.syncAll()
  powerMonitor.on('resume', sync)
  powerMonitor.on('unlock-screen', sync)
}

/** Quitting waits for the services to close (requests aborted, the outbox consistent, SQLite closed), within a bound. */
export function quitCleanly(services: Services, log: Logger): void {
  let closed = false
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    const hardStop = setTimeout(() => {
      log.warn('Quitting before the services closed')
      app.exit(0)
    }, QUIT_WITHIN_MS)
    void services
      .close()
      .catch((error: unknown) => log.error('Closing the services failed', error))
      .finally(() => {
        clearTimeout(hardStop)
        closed = true
        app.quit()
      })
  })
}
