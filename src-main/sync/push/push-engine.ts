// Delivers the outbox (DESIGN §4). Per entity, ops go in order (only the oldest unsent op of an entity
// may go); an op is marked 'sending' and committed before its request leaves, so after a crash an op
// found 'sending' is known to be in doubt: a create is looked for at the vendor by our client ref before
// it is ever sent again. Failures: retryable ones wait (persisted next attempt), a 401 holds the account
// until sign-in, any other refusal parks the op with the vendor's words and leaves the local edit as it is.
import type { Kysely, Selectable, Transaction } from 'kysely'
import PQueue from 'p-queue'
import type { Database, OutboxTable, ProjectsTable } from '../../db/schema'
import type { Logger } from '../../logging/logger'
import { CAPABILITIES } from '../../providers/capabilities'
import { PARALLEL_ENTITIES } from '../../providers/http/limits'
import {
  AuthError,
  BadResponseError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
} from '../../providers/http/errors'
import type { Provider, RemoteFile, RemoteProject } from '../../providers/provider'
import { flatFieldsOf, type FlatFields, onlyFields, toColumns, toProjectFields } from '../fields'
import { threeWayMerge } from '../merge/three-way'
import { insertOp, otherUnsentOps } from '../outbox/outbox'
import { fieldsOfRow } from '../outbox/project-columns'
import type { UploadProgress } from '../upload-progress'

type Op = Selectable<OutboxTable>
type Project = Selectable<ProjectsTable>
/**
 * 'held': the account needs sign-in; 'paused': the vendor said "too many", the op waits its Retry-After;
 * 'waiting': a file whose project is not at the vendor yet waits for the project's create.
 */
type Outcome = 'sent' | 'deferred' | 'parked' | 'conflict' | 'held' | 'paused' | 'waiting'

export interface PushDeps {
  db: Kysely<Database>
  providerFor: (accountId: string) => Provider
  now?: () => Date
  random?: () => number
  log?: Logger
  /** Retry delays (tests and the crash harness shorten them). */
  backoff?: { baseMs: number; maxMs: number }
  /** Where attachments' bytes are (the content-addressed store). */
  store?: { pathOf(sha256: string): string }
  /** Bytes of uploads in flight, for the status bar. */
  uploads?: UploadProgress
  /** An op started or settled: the windows' counts may have changed (called often: throttle it). */
  onProgress?: () => void
}

export interface PushReport {
  sent: number
  deferred: number
  parked: number
  conflicts: number
  /** The vendor refused the account's sign-in: its ops wait for the technician. */
  needsSignIn: boolean
}

export const DELETED_REMOTELY = '(deleted)'
const BASE_BACKOFF_MS = 5_000
const MAX_BACKOFF_MS = 60 * 60_000
/** After this many attempts a (non-rate-limit) failure stops retrying on its own and waits for the technician. */
export const MAX_ATTEMPTS = 12

export class PushEngine {
  private readonly now: () => Date
  private readonly random: () => number

  constructor(private readonly deps: PushDeps) {
    this.now = deps.now ?? (() => new Date())
    this.random = deps.random ?? Math.random
  }

  /**
   * Sends the account's due ops: one op per entity at a time, in order, and up to the vendor's
   * PARALLEL_ENTITIES entities side by side. Each op goes at most once per call (a deferred op waits
   * for the next sync). A 401 or a 429 stops new sends for the account; what is in flight finishes.
   */
  async pushAccount(accountId: string): Promise<PushReport> {
    const report: PushReport = { sent: 0, deferred: 0, parked: 0, conflicts: 0, needsSignIn: false }
    const account = await this.deps.db
      .selectFrom('accounts')
      .select(['needs_sign_in', 'provider'])
      .where('id', '=', accountId)
      .executeTakeFirst()
    if (!account || account.needs_sign_in) return { ...report, needsSignIn: Boolean(account?.needs_sign_in) }
    const provider = this.deps.providerFor(accountId)
    const queue = new PQueue({ concurrency: PARALLEL_ENTITIES[account.provider] })
    const tried = new Set<number>()
    const inFlight = new Set<string>()
    const waiting: number[] = []
    let stopped = false
    let failure: unknown
    const schedule = async (): Promise<void> => {
      if (stopped) return
      for (const op of await this.dueHeads(accountId)) {
        if (tried.has(op.id) || inFlight.has(op.entity_key)) continue
        tried.add(op.id)
        inFlight.add(op.entity_key)
        queue
          .add(async () => {
            const outcome = stopped ? 'deferred' : await this.deliver(provider, op)
            inFlight.delete(op.entity_key)
            this.deps.onProgress?.()
            if (outcome === 'waiting') waiting.push(op.id)
            else if (outcome === 'held' || outcome === 'paused') stopped = true
            if (outcome === 'held') report.needsSignIn = true
            else if (outcome === 'paused') report.deferred++
            else if (outcome !== 'waiting') report[outcome === 'conflict' ? 'conflicts' : outcome]++
            // A project just created at the vendor: files waiting for it may go now.
            if (outcome === 'sent' && op.op === 'create') for (const id of waiting.splice(0)) tried.delete(id)
            // The entity's next op, if any, may go now.
            await schedule()
          })
          .catch((error: unknown) => {
            // The database itself failed (disk full…): stop, and let the sync report it.
            stopped = true
            failure ??= error
          })
      }
    }
    await schedule()
    await queue.onIdle()
    if (failure !== undefined) throw failure
    return report
  }

  /** The oldest unsent op of each entity, if it may go now. */
  private async dueHeads(accountId: string): Promise<Op[]> {
    const unsent = await this.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('state', '!=', 'sent')
      .orderBy('id')
      .execute()
    const heads = new Map<string, Op>()
    for (const op of unsent) if (!heads.has(op.entity_key)) heads.set(op.entity_key, op)
    const now = this.now().toISOString()
    return [...heads.values()].filter(
      (op) => (op.state === 'queued' || op.state === 'sending') && (!op.next_attempt_at || op.next_attempt_at <= now),
    )
  }

  private async deliver(provider: Provider, op: Op): Promise<Outcome> {
    if (op.entity_key.startsWith('file:')) return this.deliverFile(provider, op)
    const projectId = op.entity_key.replace(/^project:/, '')
    const project = await this.deps.db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst()
    if (!project) return this.finish(op)
    try {
      if (op.state === 'sending' && op.op === 'create') {
        // In doubt: the create may have reached the vendor before the crash or the lost answer.
        const found = await provider.findByClientRef(project.client_ref, new Date(op.created_at))
        if (found) return this.created(op, project, found)
      }
      await this.deps.db
        .updateTable('outbox')
        .set({ state: 'sending', attempts: op.attempts + 1, updated_at: this.now().toISOString() })
        .where('id', '=', op.id)
        .execute()
      op = { ...op, attempts: op.attempts + 1 }
      const payload = JSON.parse(op.payload_json) as FlatFields
      switch (op.op) {
        case 'create':
          return this.created(op, project, await provider.createProject(toProjectFields(payload), project.client_ref))
        case 'update':
          return await this.update(provider, op, project)
        case 'delete':
          if (project.remote_id) {
            try {
              await provider.deleteProject(project.remote_id)
            } catch (error) {
              // Already gone at the vendor: the intent is met.
              if (!(error instanceof NotFoundError)) throw error
            }
          }
          await this.deps.db.transaction().execute(async (trx) => {
            await this.markSent(trx, op.id)
            await trx.deleteFrom('projects').where('id', '=', project.id).execute()
          })
          return 'sent'
        default:
          return this.park(op, `Solar Field cannot send "${op.op}" for a project yet.`)
      }
    } catch (error) {
      return this.failed(op, error)
    }
  }

  /** Uploads, renames, retags or removes a file at the vendor (OpenSolar private files). */
  private async deliverFile(provider: Provider, op: Op): Promise<Outcome> {
    const fileId = op.entity_key.replace(/^file:/, '')
    const file = await this.deps.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst()
    if (!file) return this.finish(op)
    const project = await this.deps.db
      .selectFrom('projects')
      .select(['remote_id'])
      .where('id', '=', file.project_id)
      .executeTakeFirst()
    const remote = provider.attachments
    if (!remote || !this.deps.store) return this.park(op, 'This vendor does not take files: it stays on this computer.')
    if (!project) return this.finish(op) // the project's delete took its files with it
    if (!project.remote_id) return 'waiting'
    const remoteProjectId = project.remote_id
    const localPath = file.sha256 ? this.deps.store.pathOf(file.sha256) : null
    const tags = JSON.parse(file.tags_json) as string[]
    try {
      if (op.op === 'upload' && op.state === 'sending' && localPath) {
        // In doubt: the upload may have reached the vendor before the crash or the lost answer. A part
        // upload that had begun is resumed by its id; a whole one is looked for by name and hash.
        if (file.remote_id) {
          const remoteId = file.remote_id
          const done = await this.withProgress(op, file, (onProgress) => remote.resume(remoteId, localPath, onProgress))
          return this.uploaded(op, fileId, done)
        }
        const found = (await remote.listForProject(remoteProjectId)).find(
          (f) => f.complete && f.title === file.title && f.md5 === file.md5,
        )
        if (found) return this.uploaded(op, fileId, found)
      }
      await this.deps.db
        .updateTable('outbox')
        .set({ state: 'sending', attempts: op.attempts + 1, updated_at: this.now().toISOString() })
        .where('id', '=', op.id)
        .execute()
      op = { ...op, state: 'sending', attempts: op.attempts + 1 }
      switch (op.op) {
        case 'upload': {
          if (!localPath) return this.park(op, 'The file is no longer on this computer: attach it again.')
          const done = await this.withProgress(op, file, (onProgress) =>
            remote.upload({
              remoteProjectId,
              localPath,
              title: file.title,
              tags,
              onProgress,
              onStarted: async (remoteId) => {
                await this.deps.db.updateTable('files').set({ remote_id: remoteId }).where('id', '=', fileId).execute()
              },
            }),
          )
          return this.uploaded(op, fileId, done)
        }
        case 'rename':
        case 'tag': {
          if (!file.remote_id) return this.park(op, 'This file has not reached the vendor yet.')
          const payload = JSON.parse(op.payload_json) as Record<string, unknown>
          // A rename and a retag coalesce into one op: send what it carries, from the file's current values.
          let after = 'title' in payload ? await remote.rename(file.remote_id, file.title) : undefined
          if ('tags' in payload) after = await remote.setTags(file.remote_id, tags)
          await this.deps.db.transaction().execute(async (trx) => {
            if (after)
              await trx
                .updateTable('files')
                .set({ remote_json: JSON.stringify(after.raw) })
                .where('id', '=', fileId)
                .execute()
            await this.markSent(trx, op.id)
          })
          return 'sent'
        }
        case 'file_delete':
          if (file.remote_id) {
            try {
              await remote.delete(file.remote_id)
            } catch (error) {
              if (!(error instanceof NotFoundError)) throw error
            }
          }
          await this.deps.db.transaction().execute(async (trx) => {
            await this.markSent(trx, op.id)
            await trx.deleteFrom('files').where('id', '=', fileId).execute()
          })
          return 'sent'
        default:
          return this.park(op, `Solar Field cannot send "${op.op}" for a file.`)
      }
    } catch (error) {
      return this.failed(op, error)
    }
  }

  private async withProgress<T>(
    op: Op,
    file: { id: string; size: number },
    send: (onProgress: (sent: number, total: number) => void) => Promise<T>,
  ): Promise<T> {
    const progress = this.deps.uploads
    progress?.start(op.id, op.account_id, file.id, file.size)
    try {
      return await send((sent, total) => progress?.update(op.id, sent, total))
    } finally {
      progress?.end(op.id)
    }
  }

  private async uploaded(op: Op, fileId: string, remote: RemoteFile): Promise<Outcome> {
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('files')
        .set({ remote_id: remote.remoteId, remote_json: JSON.stringify(remote.raw), upload_state: 'uploaded' })
        .where('id', '=', fileId)
        .execute()
      await this.markSent(trx, op.id)
    })
    return 'sent'
  }

  private async created(op: Op, project: Project, remote: RemoteProject): Promise<Outcome> {
    const { fields, unreported } = CAPABILITIES[project.provider]
    const known = fields.filter((f) => !unreported.includes(f))
    const local = fieldsOfRow(project) as Record<string, unknown>
    const theirs = onlyFields(flatFieldsOf(remote), known) as Record<string, unknown>
    // Fields the technician left empty take the vendor's defaults (OpenSolar's first stage, Aurora's project type…).
    const defaults = Object.fromEntries(
      Object.entries(theirs).filter(([field, value]) => (local[field] ?? '') === '' && value !== null && value !== ''),
    )
    const intended = { ...local, ...defaults }
    // A create is not always one request (OpenSolar sets the stage with a second one), and one found
    // after a lost answer may lack what followed: whatever the vendor does not hold yet goes as an update.
    const missing = Object.keys(theirs).filter((field) => (intended[field] ?? null) !== (theirs[field] ?? null))
    await this.deps.db.transaction().execute(async (trx) => {
      const pendingAfter = await otherUnsentOps(trx, op.entity_key, op.id)
      const stillDirty = pendingAfter.length > 0 || missing.length > 0
      await trx
        .updateTable('projects')
        .set({
          ...toColumns(defaults),
          remote_id: remote.remoteId,
          remote_json: JSON.stringify(remote.raw),
          created_remote: remote.createdAt,
          modified_remote: remote.modifiedAt,
          // Later ops of this project follow the mapping: they read remote_id when they go. Their merge
          // starts from what the vendor holds now.
          base_json: stillDirty ? JSON.stringify({ ...intended, ...theirs }) : null,
          dirty: stillDirty ? 1 : 0,
        })
        .where('id', '=', project.id)
        .execute()
      await this.markSent(trx, op.id)
      if (missing.length && !pendingAfter.length) {
        await insertOp(trx, {
          accountId: op.account_id,
          entityKey: op.entity_key,
          op: 'update',
          payload: Object.fromEntries(missing.map((f) => [f, intended[f]])),
          now: this.now().toISOString(),
        })
      }
    })
    return 'sent'
  }

  private async update(provider: Provider, op: Op, project: Project): Promise<Outcome> {
    if (!project.remote_id) return this.park(op, 'This project has not been created at the vendor yet.')
    const { fields, unreported } = CAPABILITIES[project.provider]
    const known = fields.filter((f) => !unreported.includes(f))
    let remote: RemoteProject
    try {
      remote = await provider.getProject(project.remote_id)
    } catch (error) {
      if (error instanceof NotFoundError)
        return this.conflict(
          op,
          project,
          [{ field: DELETED_REMOTELY, base: null, local: 'edited here', remote: 'deleted at the vendor' }],
          {},
        )
      throw error
    }
    const row = fieldsOfRow(project)
    const baseRow: Record<string, unknown> = project.base_json
      ? (JSON.parse(project.base_json) as Record<string, unknown>)
      : row
    const merge = threeWayMerge(
      onlyFields(baseRow, known),
      onlyFields(row, known),
      onlyFields(flatFieldsOf(remote), known),
    )
    // A field the vendor never reports cannot conflict: a local change to it is simply sent.
    for (const [field, value] of Object.entries(onlyFields(row, unreported))) {
      if (baseRow[field] !== value) merge.send[field] = value
    }
    const theirs = onlyFields(flatFieldsOf(remote), known)
    let after = remote
    if (Object.keys(merge.send).length) {
      after = (await provider.updateProject(project.remote_id, toProjectFields(merge.send), remote)) ?? {
        ...remote,
        raw: remote.raw,
      }
    }
    // What the vendor now holds: its copy, plus what we sent when it did not say.
    const nowTheirs = { ...theirs, ...(after === remote ? merge.send : onlyFields(flatFieldsOf(after), fields)) }
    if (merge.conflicts.length) return this.conflict(op, project, merge.conflicts, merge.take, nowTheirs, after)
    await this.deps.db.transaction().execute(async (trx) => {
      const others = await otherUnsentOps(trx, op.entity_key, op.id)
      await trx
        .updateTable('projects')
        .set({
          ...toColumns(merge.take),
          remote_json: JSON.stringify(after.raw),
          modified_remote: after.modifiedAt,
          base_json: others.length ? JSON.stringify(nowTheirs) : null,
          dirty: others.length ? 1 : 0,
        })
        .where('id', '=', project.id)
        .execute()
      await this.markSent(trx, op.id)
    })
    return 'sent'
  }

  /** Holds the op with its conflicting fields; what did not conflict was sent or taken already. */
  private async conflict(
    op: Op,
    project: Project,
    conflicts: { field: string; base: unknown; local: unknown; remote: unknown }[],
    take: FlatFields,
    nowTheirs?: FlatFields,
    after?: RemoteProject,
  ): Promise<Outcome> {
    const now = this.now().toISOString()
    await this.deps.db.transaction().execute(async (trx) => {
      for (const c of conflicts) {
        await trx
          .insertInto('conflicts')
          .values({
            project_id: project.id,
            outbox_id: op.id,
            field: c.field,
            base_json: JSON.stringify(c.base),
            local_json: JSON.stringify(c.local),
            remote_json: JSON.stringify(c.remote),
            created_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
      const held = Object.fromEntries(
        conflicts.filter((c) => c.field !== DELETED_REMOTELY).map((c) => [c.field, c.local]),
      )
      await trx
        .updateTable('outbox')
        .set({
          state: 'conflict',
          payload_json: JSON.stringify(held),
          last_error: 'Changed here and at the vendor: pick which to keep.',
          updated_at: now,
        })
        .where('id', '=', op.id)
        .execute()
      if (nowTheirs) {
        const oldBase = project.base_json ? (JSON.parse(project.base_json) as Record<string, unknown>) : {}
        // The base moves on for everything settled; conflicting fields keep theirs until resolved.
        const base = { ...nowTheirs, ...Object.fromEntries(conflicts.map((c) => [c.field, oldBase[c.field] ?? null])) }
        await trx
          .updateTable('projects')
          .set({
            ...toColumns(take),
            base_json: JSON.stringify(base),
            remote_json: JSON.stringify(after?.raw ?? null),
            modified_remote: after?.modifiedAt ?? null,
          })
          .where('id', '=', project.id)
          .execute()
      }
    })
    return 'conflict'
  }

  private async failed(op: Op, error: unknown): Promise<Outcome> {
    const now = this.now()
    if (error instanceof AuthError) {
      await this.deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ state: 'queued', last_error: error.message, updated_at: now.toISOString() })
          .where('id', '=', op.id)
          .execute()
        await trx.updateTable('accounts').set({ needs_sign_in: 1 }).where('id', '=', op.account_id).execute()
      })
      return 'held'
    }
    const retryable = (error instanceof ProviderError && error.retryable) || error instanceof BadResponseError
    if (retryable && (error instanceof RateLimitedError || op.attempts < MAX_ATTEMPTS)) {
      const wait =
        error instanceof RateLimitedError && error.retryAfterMs !== null
          ? error.retryAfterMs
          : this.backoff(op.attempts)
      // A create or upload that may have reached the vendor stays 'sending': the next attempt looks for it first.
      const inDoubt = (op.op === 'create' || op.op === 'upload') && !(error instanceof RateLimitedError)
      await this.deps.db
        .updateTable('outbox')
        .set({
          state: inDoubt ? 'sending' : 'queued',
          next_attempt_at: new Date(now.getTime() + wait).toISOString(),
          last_error: (error as Error).message,
          updated_at: now.toISOString(),
        })
        .where('id', '=', op.id)
        .execute()
      return error instanceof RateLimitedError ? 'paused' : 'deferred'
    }
    if (!(error instanceof ProviderError))
      this.deps.log?.error(`Sending ${op.op} ${op.entity_key} failed unexpectedly`, error)
    return this.park(op, error instanceof Error ? error.message : String(error))
  }

  private async park(op: Op, message: string): Promise<Outcome> {
    await this.deps.db
      .updateTable('outbox')
      .set({ state: 'parked', last_error: message, updated_at: this.now().toISOString() })
      .where('id', '=', op.id)
      .execute()
    return 'parked'
  }

  private async markSent(db: Kysely<Database> | Transaction<Database>, opId: number): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ state: 'sent', last_error: null, updated_at: this.now().toISOString() })
      .where('id', '=', opId)
      .execute()
  }

  private async finish(op: Op): Promise<Outcome> {
    await this.markSent(this.deps.db, op.id)
    return 'sent'
  }

  /** Exponential with full jitter, capped at an hour. */
  private backoff(attempts: number): number {
    const { baseMs, maxMs } = this.deps.backoff ?? { baseMs: BASE_BACKOFF_MS, maxMs: MAX_BACKOFF_MS }
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2)
  }
}
