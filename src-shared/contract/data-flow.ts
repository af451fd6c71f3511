// Which kinds of data each method shows and which it changes. Main tells the windows what a write
// changed (`data.changed`); each window re-reads exactly the queries that show it. Plain values, so the
// renderer loads this table at run time without zod.
import type { DataDomain } from './constants'
import type { Method } from './index'

export interface DataFlow {
  /** What the method's answer shows: a change to any of these makes a cached answer stale. */
  reads?: readonly DataDomain[]
  /** What a successful call changes. */
  writes?: readonly DataDomain[]
  /** The input key that names the one project the method is about (its id or its projectId). */
  project?: 'id' | 'projectId'
  /** The answer's key that names it, where the input cannot (a new project's id, a file's project). */
  answered?: 'id' | 'projectId'
}

const PROJECT_WRITE = ['projects', 'outbox', 'sync', 'app'] as const
// A file's change is queued for its vendor: its project's pending count moves too.
const FILE_WRITE = ['files', 'outbox', 'projects', 'sync'] as const

/** Every method, so that a new one must say what it reads and writes (a missing entry does not compile). */
export const DATA_FLOW: Record<Method, DataFlow> = {
  'app.info': { reads: ['app'] },
  'app.exportDiagnostics': {},
  'app.startDemo': { writes: ['app', 'accounts', 'projects', 'maps', 'sync', 'monitoring'] },
  'preferences.get': { reads: ['preferences'] },
  // The online street source is a preference that the list of map areas shows.
  'preferences.set': { writes: ['preferences', 'maps'] },
  'updates.status': {},
  'updates.check': {},
  'updates.install': {},
  'accounts.list': { reads: ['accounts'] },
  'accounts.save': { writes: ['accounts', 'sync', 'app'] },
  'accounts.test': {},
  'accounts.signIn': { writes: ['accounts', 'sync'] },
  'accounts.remove': { writes: ['accounts', 'projects', 'outbox', 'conflicts', 'files', 'monitoring', 'sync', 'app'] },
  'network.check': {},
  'projects.list': { reads: ['projects'] },
  'projects.position': { reads: ['projects'] },
  'projects.facets': { reads: ['projects'] },
  'projects.search': { reads: ['projects'] },
  'projects.locations': { reads: ['projects'] },
  'projects.atPin': { reads: ['projects'] },
  'projects.get': { reads: ['projects'], project: 'id' },
  'projects.update': { writes: PROJECT_WRITE, project: 'id' },
  'projects.create': { writes: PROJECT_WRITE, answered: 'id' },
  'projects.delete': { writes: [...PROJECT_WRITE, 'files'], project: 'id' },
  'sync.getStatus': { reads: ['sync'] },
  'sync.now': { writes: ['projects', 'outbox', 'conflicts', 'files', 'monitoring', 'sync', 'accounts'] },
  'outbox.list': { reads: ['outbox'], project: 'projectId' },
  'outbox.retry': { writes: ['outbox', 'sync'] },
  // Discarding a queued delete brings the project back.
  'outbox.discard': { writes: ['outbox', 'projects', 'files', 'sync', 'app'] },
  'conflicts.list': { reads: ['conflicts'], project: 'projectId' },
  'conflicts.resolve': { writes: ['conflicts', 'projects', 'outbox', 'sync'] },
  'attachments.list': { reads: ['files'], project: 'projectId' },
  'attachments.begin': {},
  'attachments.write': {},
  'attachments.finish': { writes: FILE_WRITE, answered: 'projectId' },
  'attachments.cancel': {},
  'attachments.rename': { writes: FILE_WRITE, answered: 'projectId' },
  'attachments.tag': { writes: FILE_WRITE, answered: 'projectId' },
  'attachments.remove': { writes: FILE_WRITE },
  'attachments.read': { reads: ['files'] },
  'attachments.open': {},
  'attachments.fetch': { writes: ['files'], answered: 'projectId' },
  'monitoring.site': { reads: ['monitoring'], project: 'projectId' },
  'monitoring.series': { reads: ['monitoring'], project: 'projectId' },
  'monitoring.siteFor': { reads: ['monitoring'], project: 'projectId' },
  'monitoring.chooseSite': { writes: ['monitoring'], project: 'projectId' },
  'monitoring.alerts': { reads: ['monitoring'] },
  'maps.areas': { reads: ['maps'] },
  'maps.read': { reads: ['maps'] },
  'maps.importBegin': {},
  'maps.importWrite': {},
  'maps.importFinish': { writes: ['maps'] },
  'maps.importCancel': {},
  'maps.keepNow': { writes: ['maps'] },
  'maps.remove': { writes: ['maps'] },
}

/** The projects a call is about, by the input or answer key its method names (null: it may touch any). */
export function projectsOf(method: Method, input: unknown, output?: unknown): string[] | null {
  const { project, answered } = DATA_FLOW[method]
  const named = (project && valueAt(input, project)) ?? (answered && valueAt(output, answered))
  return typeof named === 'string' ? [named] : null
}

const valueAt = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
