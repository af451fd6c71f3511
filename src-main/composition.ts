// The service graph, built once. The Electron entry (index.ts) and the dev host (host/) both call
// this and differ only in transport; tests build it with a temp data dir.
import path from 'node:path'
import { migrations } from '../migrations/index'
import { AttachmentStore, rethrowDiskError } from './attachments/attachment-store'
import { Attachments } from './attachments/attachments'
import { lockDataFolder } from './db/data-folder-lock'
import { checkIfDue } from './db/integrity-check'
import { type OpenedDatabase, openDatabase } from './db/open-database'
import { seedDemo, startDemoOnce } from './demo/start-demo'
import { AppError } from './errors'
import { Accounts } from './accounts/accounts'
import { signInHolds } from './accounts/sign-in-hold'
import { checkConnections } from './accounts/connection-check'
import { InstallKeyCipher } from './secrets/install-key-cipher'
import { JsonFilePreferences, type PreferencesStore } from './preferences/preferences'
import { type Cipher, SecretStore } from './secrets/secret-store'
import { SecretRedactor } from './secrets/secret-redactor'
import { createDispatcher, type Dispatcher } from './ipc/dispatcher'
import { EventBus } from './ipc/event-bus'
import { createHandlers } from './ipc/handlers'
import { createLogger, type Logger, teeLogger } from './logging/logger'
import { Diagnostics } from './diagnostics/diagnostics'
import { RecentLog } from './diagnostics/recent-log'
import { type UpdateFeed, UpdateService } from './updates/update-service'
import { type Notice, syncNotices, uploadFraction } from './desktop/sync-notices'
import type { ProjectLink } from './desktop/deep-link'
import type { DataChanged, SyncStatus } from '../src-shared/contract'
import { DATA_FLOW, projectsOf } from '../src-shared/contract/data-flow'
import { ComponentSeries } from './monitoring/component-series'
import { MonitoringQueries } from './monitoring/monitoring-queries'
import { ProjectSites } from './monitoring/project-sites'
import { MapAreas, MAX_AREA_BYTES } from './maps/map-areas'
import { hasDemoAccounts } from './demo/seed-demo-data'
import { ProjectQueries } from './projects/project-queries'
import type { ProviderDeps } from './providers/create-provider'
import { providerCache } from './providers/provider-cache'
import { ConflictResolver } from './sync/conflicts/conflict-resolver'
import { Outbox } from './sync/outbox/outbox'
import { OutboxActions } from './sync/outbox/outbox-actions'
import { MonitoringPull } from './sync/pull/monitoring-pull'
import { PullEngine } from './sync/pull/pull-engine'
import { PushEngine } from './sync/push/push-engine'
import { SqliteBudgetStore } from './sync/request-budget-store'
import { SyncService } from './sync/sync-service'
import { SyncStatusService } from './sync/sync-status'
import { throttle } from './sync/throttle'
import { UploadProgress } from './sync/upload-progress'

export interface ServiceOptions {
  dataDir: string
  log: Logger
  shell: 'electron' | 'browser-host'
  version: string
  demo: boolean
  /** Origin of the vendor simulators (`npm run sandbox`): demo accounts point at them. */
  sandboxOrigin?: string
  /** How account secrets are encrypted in the data folder (the desktop app: safeStorage; default: an install key). */
  cipher?: Cipher
  /** Opens a file with the computer's viewer (the desktop app: shell.openPath); absent in the browser host. */
  openExternally?: (file: string) => Promise<string>
  /** Where preferences are kept (the desktop app: electron-store); default: a JSON file in the data folder. */
  preferences?: PreferencesStore
  /** Starts the vendor simulators for "Try the demo" and gives their origin (absent: the demo cannot start here). */
  demoBackend?: () => Promise<string>
  /** Start syncing at once and on a timer (the demo on the simulators, the desktop app). */
  autoSync?: boolean
  /** Shorter retry delays and bigger budgets, for the crash harness. */
  syncTuning?: {
    backoff?: { baseMs: number; maxMs: number }
    dailyLimits?: ProviderDeps['dailyLimits']
    http?: ProviderDeps['http']
  }
  now?: () => Date
  /** How long after start a large database's background integrity check begins (default 30 s). */
  integrityCheckDelayMs?: number
  /** One deadline for every call instead of each method's own (tests of the deadline). */
  callDeadlineMs?: number
  /** Saves a file where the technician chooses (the desktop app's save dialog); absent: the window saves it. */
  saveFile?: (suggestedName: string, bytes: Uint8Array) => Promise<boolean>
  /** The desktop app's log files, for a diagnostics export. */
  logFiles?: () => string[]
  /** How vendors are reached (the desktop app: Electron's net.fetch, with the system's proxy and certificates). */
  fetch?: typeof globalThis.fetch
  /** Where new versions come from (the desktop app: electron-updater); absent: no updates here. */
  updateFeed?: UpdateFeed
  /** Tells the technician outside the window (the desktop app: the system's notifications). */
  notify?: (notice: Notice) => void
  /** Whether the app's window has the focus (a finished upload is told only when it has not). */
  windowFocused?: () => boolean
  /** Shows how far uploads are outside the window (the taskbar or dock); null: none under way. */
  showProgress?: (fraction: number | null) => void
}

export interface Services {
  dispatcher: Dispatcher
  events: EventBus
  /** Re-reads sync status and tells every window; called after anything that changes it. */
  publishSyncStatus(): Promise<void>
  sync: SyncService
  updates: UpdateService
  /** Opens the project a solarfield:// link names in the window; false when it is not on this computer. */
  openLink(link: ProjectLink): Promise<boolean>
  close(): Promise<void>
}

/** How long closing waits for running syncs (their requests are aborted, so they settle in milliseconds). */
const SYNC_STOP_MS = 5_000

export const DATABASE_FILE = 'solar-field.db'
export const ATTACHMENTS_FOLDER = 'attachments'
export const MAPS_FOLDER = 'maps'
export const SECRETS_FILE = 'secrets.json'

export async function composeServices(options: ServiceOptions): Promise<Services> {
  const lock = lockDataFolder(options.dataDir)
  const opened: { database?: OpenedDatabase } = {}
  try {
    const services = await compose(options, opened)
    let closed: Promise<void> | undefined
    return {
      ...services,
      // Once, however many ask (the window's quit, a signal, a test's teardown).
      close: () => (closed ??= services.close().finally(() => lock.release())),
    }
  } catch (error) {
    // Started half-way (a read-only attachments folder…): let go of what was taken, say why.
    await opened.database?.close()
    lock.release()
    throw error
  }
}

async function compose(given: ServiceOptions, opened: { database?: OpenedDatabase }): Promise<Services> {
  // Every secret the app holds, known to one redactor: providers' errors and every log line go through it.
  const redactor = new SecretRedactor()
  // The last lines logged are kept too, for a diagnostics export.
  const recent = new RecentLog()
  const options = { ...given, log: redactor.logger(teeLogger(given.log, createLogger(recent.sink))) }
  const now = options.now ?? (() => new Date())
  const database = await openDatabase(path.join(options.dataDir, DATABASE_FILE), { migrations })
  opened.database = database
  const secrets = new SecretStore(
    path.join(options.dataDir, SECRETS_FILE),
    options.cipher ?? new InstallKeyCipher(),
    redactor,
  )
  // Offline map areas: PMTiles archives in a content store of their own (checked writes, like attachments).
  const mapStore = new AttachmentStore(path.join(options.dataDir, MAPS_FOLDER), {
    maxBytes: MAX_AREA_BYTES,
    noun: 'Map areas',
  })
  await mapStore.open().catch(rethrowDiskError)
  await mapStore.sweep(
    new Set((await database.db.selectFrom('map_areas').select('sha256').execute()).map((a) => a.sha256)),
  )
  const preferences = options.preferences ?? new JsonFilePreferences(path.join(options.dataDir, 'preferences.json'))
  const mapAreas = new MapAreas(database.db, mapStore, now, () => {
    const { mapSource, keepMapMb } = preferences.read()
    return { mapSource, keepMapMb }
  })
  // A demo set up before offline maps existed gets its streets too.
  if (!options.demo && (await hasDemoAccounts(database.db))) await mapAreas.ensureDemoArea()
  const startDemo = (sandboxOrigin: string | undefined) =>
    seedDemo({ db: database.db, secrets, mapAreas, log: options.log }, sandboxOrigin)
  if (options.demo) await startDemo(options.sandboxOrigin)
  const projects = new ProjectQueries(database.db)
  const events = new EventBus(options.log)
  const changed = (change: DataChanged) => events.emit('data.changed', change)
  let lastStatus: SyncStatus | null = null
  const publishSyncStatus = async () => {
    const status = await syncStatus.read()
    events.emit('sync.status', status)
    // Outside the window: the system's notifications (unless turned off) and the taskbar's progress.
    if (options.notify && preferences.read().notifications)
      for (const notice of syncNotices(lastStatus, status, options.windowFocused?.() ?? true)) options.notify(notice)
    options.showProgress?.(uploadFraction(status))
    lastStatus = status
  }
  // During a push, an upload or a run of edits, the windows hear of it at most four times a second.
  const progressed = throttle(
    () => void publishSyncStatus().catch((error: unknown) => options.log.warn('Could not publish sync status', error)),
    250,
  )
  // While the queue goes out (an op delivered, a file's bytes on their way), what the windows show of
  // the projects, their files and their queue changes with it.
  const sending = throttle(() => changed({ domains: ['outbox', 'files', 'projects'], projectIds: null }), 250)
  const pushProgressed = () => {
    sending()
    progressed()
  }
  const uploads = new UploadProgress(pushProgressed)
  const syncStatus = new SyncStatusService(database.db, now, uploads)
  const outbox = new Outbox(database.db, now)
  const store = new AttachmentStore(path.join(options.dataDir, ATTACHMENTS_FOLDER))
  await store.open().catch(rethrowDiskError)
  const referenced = await database.db.selectFrom('files').select('sha256').where('sha256', 'is not', null).execute()
  const swept = await store.sweep(new Set(referenced.map((f) => f.sha256!)))
  if (swept) options.log.info(`Removed ${swept} attachment(s) no project uses any more`)
  // Aborted when the app closes: every vendor request in flight stops, and its op is left as a kill would.
  const closing = new AbortController()
  const providerDeps = {
    fetch: options.fetch,
    redactor,
    signInHold: signInHolds(database.sqlite),
    log: options.log,
    now,
    budgetStore: (id: string) => new SqliteBudgetStore(database.sqlite, id, now),
    dailyLimits: options.syncTuning?.dailyLimits,
    http: { ...options.syncTuning?.http, closing: closing.signal },
  }
  const providerFor = providerCache(database.sqlite, { ...providerDeps, secrets })
  const componentSeries = new ComponentSeries({
    db: database.db,
    sqlite: database.sqlite,
    providerFor,
    now,
    log: options.log,
  })
  const sync = new SyncService({
    db: database.db,
    push: new PushEngine({
      db: database.db,
      providerFor,
      now,
      log: options.log,
      backoff: options.syncTuning?.backoff,
      store,
      uploads,
      onProgress: pushProgressed,
    }),
    pull: new PullEngine({ db: database.db, sqlite: database.sqlite, providerFor, now }),
    monitoring: new MonitoringPull(database.db, providerFor, componentSeries, now),
    publish: publishSyncStatus,
    changed,
    log: options.log,
    now,
  })
  if (options.autoSync) sync.start()
  // A large database opened on quick signals: its full check runs a while after start, once a day.
  const integrityTimer = database.checkedAtOpen
    ? null
    : setTimeout(
        () =>
          void checkIfDue({ db: database.db, file: path.join(options.dataDir, DATABASE_FILE), now, log: options.log })
            .then((result) => result && publishSyncStatus())
            .catch((error: unknown) => options.log.warn('The background integrity check could not run', error)),
        options.integrityCheckDelayMs ?? 30_000,
      )
  integrityTimer?.unref()
  // With an online street source set, the streets around the projects are kept a while after start and
  // every six hours (as projects come and go); offline, it waits for the next time.
  const keepStreets = () => {
    if (!preferences.read().mapSource) return
    void mapAreas
      .keepAroundProjects()
      .then((kept) => options.log.info(`Kept the streets around ${kept.projects} project(s): ${kept.tiles} tiles`))
      .catch((error: unknown) => options.log.info(`Streets not kept this time: ${String(error)}`))
  }
  const keepTimers = [setTimeout(keepStreets, 2 * 60_000), setInterval(keepStreets, 6 * 3_600_000)]
  for (const timer of keepTimers) timer.unref()
  const accounts = new Accounts({
    db: database.db,
    secrets,
    providerDeps,
    now,
    resume: (accountId) => void sync.syncAccount(accountId, { manual: true }),
  })
  const updates = new UpdateService({
    feed: options.updateFeed ?? null,
    currentVersion: options.version,
    demo: () => accounts.hasDemo(),
    preferences: () => preferences.read(),
    busy: () => sync.busy || uploads.active,
    publish: (status) => events.emit('updates.status', status),
    log: options.log,
    now,
  })
  if (options.autoSync) updates.start()
  const appInfo = async () => ({
    name: 'Solar Field',
    version: options.version,
    shell: options.shell,
    demo: await accounts.hasDemo(),
    schemaVersion: database.schemaVersion,
  })
  const diagnostics = new Diagnostics({
    db: database.db,
    syncStatus,
    appInfo,
    recent,
    redactor,
    logFiles: options.logFiles,
    now,
  })
  const dispatcher = createDispatcher(
    createHandlers({
      appInfo,
      checkConnections: (signal) => checkConnections(database.db, options.fetch, signal),
      exportDiagnostics: () => diagnostics.export(options.saveFile),
      accounts,
      preferences,
      startDemo: () =>
        startDemoOnce({
          backend: options.demoBackend,
          accounts,
          start: startDemo,
          syncAll: () => void sync.syncAll(),
        }),
      projects,
      syncStatus,
      outbox,
      sync,
      outboxActions: new OutboxActions(database.db, now),
      conflicts: new ConflictResolver(database.db, now),
      attachments: new Attachments(database.db, store, outbox, uploads, now, {
        openExternally: options.openExternally,
        download: async (accountId, remoteId, destination) => {
          const files = providerFor(accountId).attachments
          if (!files) throw new AppError('invalid_input', 'This vendor keeps no files.')
          await files.download(remoteId, destination)
        },
      }),
      monitoring: new MonitoringQueries(database.db),
      componentSeries,
      projectSites: new ProjectSites(database.db, now),
      mapAreas,
      updates,
      // Edits typed in quick succession: the counts are told at once, then at most four times a second.
      onQueued: progressed,
    }),
    options.log,
    {
      ...(options.callDeadlineMs ? { deadlineOf: () => ({ ms: options.callDeadlineMs! }) } : {}),
      answered: (method, input, output) => {
        const { writes } = DATA_FLOW[method]
        if (writes?.length) changed({ domains: [...writes], projectIds: projectsOf(method, input, output) })
      },
    },
  )
  return {
    dispatcher,
    events,
    publishSyncStatus,
    sync,
    updates,
    openLink: async ({ vendor, remoteId }) => {
      const projectId = await projects.byRemoteId(vendor, remoteId)
      if (projectId) events.emit('app.command', { command: 'openProject', projectId })
      return projectId !== null
    },
    close: async () => {
      if (integrityTimer) clearTimeout(integrityTimer)
      for (const timer of keepTimers) clearTimeout(timer)
      updates.stop()
      closing.abort()
      // Bounded: a sync that does not settle (a stalled disk) does not keep the app from quitting.
      if (!(await sync.stop(SYNC_STOP_MS)))
        options.log.warn('Closed with a sync still running: it is left as after a kill')
      await database.close()
    },
  }
}
