import type { MethodOutput } from '../../src-preload/contract'
import type { ProjectQueries } from '../projects/project-queries'
import type { Outbox } from '../sync/outbox/outbox'
import type { SyncService } from '../sync/sync-service'
import type { SyncStatusService } from '../sync/sync-status'
import type { Handlers } from './dispatcher'

export interface HandlerDeps {
  appInfo: () => Omit<MethodOutput<'app.info'>, 'projectCount'>
  projects: ProjectQueries
  syncStatus: SyncStatusService
  outbox: Outbox
  /** Something was queued: tell the windows (status bar, badges). */
  onQueued: () => void
  sync: SyncService
}

/** Maps each contract method to the service that answers it; no logic of its own. */
export function createHandlers({ appInfo, projects, syncStatus, outbox, onQueued, sync }: HandlerDeps): Handlers {
  return {
    'app.info': async () => ({ ...appInfo(), projectCount: await projects.count() }),
    'projects.list': (input) => projects.list(input),
    'projects.search': (input) => projects.search(input),
    'projects.locations': (input) => projects.locations(input),
    'projects.get': ({ id }) => projects.get(id),
    'projects.update': async ({ id, changes }) => {
      const result = await outbox.editProject(id, changes)
      onQueued()
      return result
    },
    'sync.getStatus': () => syncStatus.read(),
    'sync.now': async () => {
      const results = await sync.syncAll()
      return {
        accounts: results.length,
        sent: results.reduce((n, r) => n + (r.push?.sent ?? 0), 0),
        problems: results.flatMap((r) => (r.error ? [r.error] : [])),
      }
    },
  }
}
