import type { MethodOutput } from '../../src-shared/contract'
import type { Accounts } from '../accounts/accounts'
import type { Attachments } from '../attachments/attachments'
import type { PreferencesStore } from '../preferences/preferences'
import type { ComponentSeries } from '../monitoring/component-series'
import type { MonitoringQueries } from '../monitoring/monitoring-queries'
import type { ProjectSites } from '../monitoring/project-sites'
import type { MapAreas } from '../maps/map-areas'
import type { ProjectQueries } from '../projects/project-queries'
import type { Outbox } from '../sync/outbox/outbox'
import type { ConflictResolver } from '../sync/conflicts/conflict-resolver'
import type { OutboxActions } from '../sync/outbox/outbox-actions'
import type { SyncService } from '../sync/sync-service'
import type { SyncStatusService } from '../sync/sync-status'
import type { UpdateService } from '../updates/update-service'
import type { Handlers } from './dispatcher'

export interface HandlerDeps {
  appInfo: () => Promise<Omit<MethodOutput<'app.info'>, 'projectCount'>>
  accounts: Accounts
  preferences: PreferencesStore
  startDemo: () => Promise<MethodOutput<'app.startDemo'>>
  checkConnections: (signal: AbortSignal) => Promise<MethodOutput<'network.check'>>
  exportDiagnostics: () => Promise<MethodOutput<'app.exportDiagnostics'>>
  projects: ProjectQueries
  syncStatus: SyncStatusService
  outbox: Outbox
  /** Something was queued: tell the windows (status bar, badges). */
  onQueued: () => void
  sync: SyncService
  outboxActions: OutboxActions
  conflicts: ConflictResolver
  attachments: Attachments
  monitoring: MonitoringQueries
  componentSeries: ComponentSeries
  projectSites: ProjectSites
  mapAreas: MapAreas
  updates: UpdateService
}

/** Maps each contract method to the service that answers it; no logic of its own. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const {
    appInfo,
    accounts,
    preferences,
    startDemo,
    exportDiagnostics,
    checkConnections,
    projects,
    syncStatus,
    outbox,
    onQueued,
    sync,
    outboxActions,
    conflicts,
    attachments,
    monitoring,
    componentSeries,
    projectSites,
    mapAreas,
    updates,
  } = deps
  const queued = async <T>(action: Promise<T>) => {
    const result = await action
    onQueued()
    return result
  }
  const then = async (action: Promise<void>) => {
    await queued(action)
    return { ok: true as const }
  }
  return {
    'app.info': async () => ({ ...(await appInfo()), projectCount: await projects.count() }),
    'app.startDemo': () => queued(startDemo()),
    'app.exportDiagnostics': () => exportDiagnostics(),
    'preferences.get': () => preferences.read(),
    'preferences.set': (patch) => preferences.update(patch),
    'accounts.list': () => accounts.list(),
    'accounts.save': (input) => queued(accounts.save(input)),
    'accounts.test': (input, { signal }) => accounts.test(input, signal),
    'network.check': (_input, { signal }) => checkConnections(signal),
    'accounts.signIn': (input) => queued(accounts.signIn(input)),
    'accounts.remove': (input) => queued(accounts.remove(input)),
    'projects.list': (input) => projects.list(input),
    'projects.search': (input) => projects.search(input),
    'projects.locations': (input) => projects.locations(input),
    'projects.position': (input) => projects.position(input),
    'projects.facets': () => projects.facets(),
    'projects.atPin': ({ pin }) => projects.atPin(pin),
    'projects.get': ({ id }) => projects.get(id),
    'projects.update': ({ id, changes }) => queued(outbox.editProject(id, changes)),
    'projects.create': ({ accountId, fields }) => queued(outbox.createProject(accountId, fields)),
    'projects.delete': ({ id }) => queued(outbox.deleteProject(id)),
    'outbox.list': async ({ projectId }) => ({ items: await outboxActions.list(projectId) }),
    'outbox.retry': ({ id }) => then(outboxActions.retry(id)),
    'outbox.discard': ({ id }) => then(outboxActions.discard(id)),
    'conflicts.list': async ({ projectId }) => ({ items: await conflicts.list(projectId) }),
    'conflicts.resolve': ({ id, keep }) => then(conflicts.resolve(id, keep)),
    'attachments.list': ({ projectId }) => attachments.list(projectId),
    'attachments.begin': (input) => attachments.begin(input),
    'attachments.write': (input) => attachments.write(input),
    'attachments.finish': ({ uploadId }) => queued(attachments.finish(uploadId)),
    'attachments.cancel': ({ uploadId }) => then(attachments.cancel(uploadId)),
    'attachments.rename': ({ id, title }) => queued(attachments.rename(id, title)),
    'attachments.tag': ({ id, tags }) => queued(attachments.setTags(id, tags)),
    'attachments.remove': ({ id }) => then(attachments.remove(id)),
    'attachments.read': ({ id, offset, length }) => attachments.read(id, offset, length),
    'attachments.open': ({ id }) => attachments.open(id),
    'attachments.fetch': ({ id }) => queued(attachments.fetch(id)),
    'monitoring.site': ({ projectId }) => monitoring.site(projectId),
    'monitoring.series': (input, { signal }) => componentSeries.series(input, signal),
    'monitoring.alerts': (input) => monitoring.alerts(input),
    'monitoring.siteFor': ({ projectId }) => projectSites.siteFor(projectId),
    'monitoring.chooseSite': (input) => projectSites.choose(input),
    'maps.areas': async () => ({ areas: await mapAreas.list() }),
    'maps.read': ({ id, offset, length }) => mapAreas.read(id, offset, length),
    'maps.importBegin': (input) => mapAreas.beginImport(input),
    'maps.importWrite': (input) => mapAreas.writeImport(input),
    'maps.importFinish': ({ uploadId }) => mapAreas.finishImport(uploadId),
    'maps.importCancel': ({ uploadId }) => then(mapAreas.cancelImport(uploadId)),
    'maps.remove': ({ id }) => then(mapAreas.remove(id)),
    'maps.keepNow': () => mapAreas.keepAroundProjects(),
    'updates.status': () => updates.read(),
    'updates.check': () => updates.check({ manual: true }),
    'updates.install': () => updates.install(),
    'sync.getStatus': () => syncStatus.read(),
    'sync.now': async () => {
      const results = await sync.syncAll({ manual: true })
      return {
        accounts: results.length,
        sent: results.reduce((n, r) => n + (r.push?.sent ?? 0), 0),
        problems: results.flatMap((r) => (r.error ? [r.error] : [])),
      }
    },
  }
}
