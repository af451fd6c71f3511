// The service graph, built once. The Electron entry (index.ts) and the dev host (host/) both call
// this and differ only in transport; tests build it with a temp data dir.
import path from 'node:path'
import { migrations } from '../migrations/index'
import { openDatabase } from './db/open-database'
import { seedDemoData } from './demo/seed-demo-data'
import { createDispatcher, type Dispatcher } from './ipc/dispatcher'
import { EventBus } from './ipc/event-bus'
import { createHandlers } from './ipc/handlers'
import type { Logger } from './logging/logger'
import { ProjectQueries } from './projects/project-queries'
import { Outbox } from './sync/outbox/outbox'
import { SyncStatusService } from './sync/sync-status'

export interface ServiceOptions {
  dataDir: string
  log: Logger
  shell: 'electron' | 'browser-host'
  version: string
  demo: boolean
  /** Origin of the vendor simulators (`npm run sandbox`): demo accounts point at them. */
  sandboxOrigin?: string
  now?: () => Date
}

export interface Services {
  dispatcher: Dispatcher
  events: EventBus
  /** Re-reads sync status and tells every window; called after anything that changes it. */
  publishSyncStatus(): Promise<void>
  close(): Promise<void>
}

export const DATABASE_FILE = 'solar-field.db'

export async function composeServices(options: ServiceOptions): Promise<Services> {
  const now = options.now ?? (() => new Date())
  const database = await openDatabase(path.join(options.dataDir, DATABASE_FILE), { migrations })
  if (options.demo) {
    const baseUrls = options.sandboxOrigin
      ? Object.fromEntries(
          (['opensolar', 'easypv', 'aurora', 'locus'] as const).map((v) => [v, `${options.sandboxOrigin}/${v}`]),
        )
      : undefined
    const { projects } = await seedDemoData(database.db, { baseUrls })
    if (projects) options.log.info(`Seeded ${projects} demo projects`)
  }
  const projects = new ProjectQueries(database.db)
  const syncStatus = new SyncStatusService(database.db, now)
  const events = new EventBus(options.log)
  const outbox = new Outbox(database.db, now)
  const publishSyncStatus = async () => events.emit('sync.status', await syncStatus.read())
  const dispatcher = createDispatcher(
    createHandlers({
      appInfo: () => ({
        name: 'Solar Field',
        version: options.version,
        shell: options.shell,
        demo: options.demo,
        schemaVersion: database.schemaVersion,
      }),
      projects,
      syncStatus,
      outbox,
      onQueued: () =>
        void publishSyncStatus().catch((error: unknown) => options.log.warn('Could not publish sync status', error)),
    }),
    options.log,
  )
  return {
    dispatcher,
    events,
    publishSyncStatus,
    close: () => database.close(),
  }
}
