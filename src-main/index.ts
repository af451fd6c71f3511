// Electron entry and composition root for the desktop app. Everything Electron-specific is wired
// here or in windows/; the services themselves come from composeServices() and run under plain Node too.
import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron'
import electronUpdater from 'electron-updater'
import electronLog from 'electron-log/main'
import { eventChannel } from '../src-shared/contract'
import { composeServices, DATABASE_FILE, type Services } from './composition'
import { DatabaseOpenError, quarantineDatabase } from './db/open-database'
import { registerIpcMain } from './ipc/register-ipc-main'
import { createLogger } from './logging/logger'
import { APP_ORIGIN, APP_SCHEME } from './security/app-protocol'
import { applyElectronSecurity } from './security/apply-electron-security'
import { originOf } from './security/ipc-sender'
import { handleAppProtocol } from './windows/app-protocol-handler'
import { createMainWindow } from './windows/main-window'
import { ElectronPreferences } from './preferences/electron-preferences'
import { SafeStorageCipher } from './secrets/safe-storage-cipher'
import { startDemoSimulators } from './demo/demo-simulators'
import {
  handleLinks,
  installMenu,
  notify,
  quitCleanly,
  recoverRenderer,
  saveFile,
  showProgress,
  syncOnWake,
  windowFocused,
} from './windows/desktop-integration'
import type { ProjectLink } from './desktop/deep-link'

electronLog.initialize()
const log = createLogger((level, message, details) =>
  details === undefined ? electronLog[level](message) : electronLog[level](message, details),
)

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
])

// One instance only: two processes writing one outbox is how changes get sent twice.
if (!app.requestSingleInstanceLock()) app.quit()

const preferences = new ElectronPreferences()

// electron-vite serves the renderer over http in `electron-vite dev`; packaged builds use app://.
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const appOrigin = devServerUrl ? (originOf(devServerUrl) ?? APP_ORIGIN) : APP_ORIGIN
const entryUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`

async function start(): Promise<void> {
  await app.whenReady()
  applyElectronSecurity({ app, shell, session: session.defaultSession, appOrigin, log })
  handleAppProtocol(protocol, path.join(import.meta.dirname, '../renderer'))

  const services = await openServices()
  if (!services) return app.quit()
  registerIpcMain({ ipcMain, dispatcher: services.dispatcher, appOrigin, log })
  services.events.subscribe((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(eventChannel(event), payload)
  })
  installMenu(services)
  quitCleanly(services, log)
  syncOnWake(services)

  const open = () => {
    const window = createMainWindow({
      preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
      url: entryUrl,
      bounds: preferences.windowBounds,
      onBounds: (bounds) => (preferences.windowBounds = bounds),
    })
    recoverRenderer(window, entryUrl, log)
    return window
  }
  const window = open()
  // A link opens its project once the window can hear it.
  const openLink = (link: ProjectLink) =>
    void services.openLink(link).then((found) => {
      if (!found)
        void dialog.showMessageBox({
          type: 'info',
          message: 'That project is not on this computer yet.',
          detail: 'It arrives with the next sync of its account, if the account is set up here.',
        })
    })
  const pending: ProjectLink[] = []
  window.webContents.once('did-finish-load', () => pending.splice(0).forEach(openLink))
  handleLinks((link) => (window.webContents.isLoading() ? pending.push(link) : openLink(link)), log)
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && open())
  app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit())
}

/** Opens the services; a damaged database is never replaced without the technician's say-so. */
async function openServices(): Promise<Services | null> {
  const options = {
    dataDir: app.getPath('userData'),
    log,
    shell: 'electron' as const,
    version: app.getVersion(),
    demo: process.env['SOLAR_FIELD_DEMO'] === '1',
    sandboxOrigin: process.env['SOLAR_FIELD_SANDBOX'],
    autoSync: true,
    // Secrets encrypted by the OS keyring; preferences in electron-store.
    cipher: new SafeStorageCipher(safeStorage),
    // A PDF opens in the computer's viewer: a copy under the temp folder, named by Attachments.open.
    openExternally: (file: string) => shell.openPath(file),
    preferences,
    // "Try the demo": the vendor simulators, started in this process when asked for.
    demoBackend: async () => (await startDemoSimulators()).origin,
    // Vendors through Chromium's network stack: the system's proxy (PAC included) and certificate store.
    fetch: net.fetch.bind(net) as typeof globalThis.fetch,
    // Releases from the GitHub feed the installers came with; none when run from the sources.
    updateFeed: app.isPackaged ? electronUpdater.autoUpdater : undefined,
    notify,
    windowFocused,
    showProgress,
    saveFile,
    logFiles: () => [electronLog.transports.file.getFile().path],
  }
  for (;;) {
    try {
      return await composeServices(options)
    } catch (error) {
      if (!(error instanceof DatabaseOpenError)) throw error
      log.error('Database could not be opened', error)
      const movable = error.problem === 'corrupt' || error.problem === 'not_a_database'
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'Solar Field cannot open its data',
        message: error.message,
        buttons: movable ? ['Quit', 'Keep a copy and start fresh'] : ['Quit'],
        defaultId: 0,
        cancelId: 0,
      })
      if (!movable || response === 0) return null
      const kept = quarantineDatabase(path.join(options.dataDir, DATABASE_FILE))
      log.warn(`Damaged database kept at ${kept}`)
    }
  }
}

start().catch((error: unknown) => {
  log.error('Solar Field failed to start', error)
  dialog.showErrorBox('Solar Field failed to start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})
