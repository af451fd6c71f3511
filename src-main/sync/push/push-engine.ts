// Delivers the outbox. Per entity, ops go in order (only the oldest unsent op of an entity
// may go); an op is marked 'sending' and committed before its request leaves, so after a crash an op
// found 'sending' is known to be in doubt: a create is looked for at the vendor by our client ref before
// it is ever sent again. Failures: retryable ones wait (persisted next attempt), a 401 holds the account
// until sign-in, any other refusal parks the op with the vendor's words and leaves the local edit as it is.
import { type Kysely, sql } from 'kysely'
import PQueue from 'p-queue'
import type { Database } from '../../db/schema'
import type { Logger } from '../../logging/logger'
import { VENDOR_MODULES } from '../../providers/vendors'
import type { Provider } from '../../providers/provider'
import type { UploadProgress } from '../upload-progress'
import { FileDelivery } from './file-delivery'
import { type Op, OpLedger, type Outcome } from './op-ledger'
import { ProjectDelivery } from './project-delivery'

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

export { DELETED_REMOTELY } from './project-delivery'
export { MAX_ATTEMPTS } from './op-ledger'

export class PushEngine {
  private readonly now: () => Date
  private readonly projects: ProjectDelivery
  private readonly files: FileDelivery

  constructor(private readonly deps: PushDeps) {
    this.now = deps.now ?? (() => new Date())
    const ledger = new OpLedger({
      db: deps.db,
      now: this.now,
      random: deps.random ?? Math.random,
      log: deps.log,
      backoff: deps.backoff,
    })
    this.projects = new ProjectDelivery(deps.db, ledger, this.now)
    this.files = new FileDelivery(deps.db, ledger, deps.store, deps.uploads)
  }

  /**
   * Sends the account's due ops: one op per entity at a time, in order, and up to the vendor's
   * its vendor's parallelEntities side by side. Each op goes at most once per call (a deferred op waits
   * for the next sync). A 401 or a 429 stops new sends for the account; what is in flight finishes.
   */
  /**
   * The technician asked (Sync now, or the connection came back): ops backing off from a failure go now.
   * Waits a vendor asked for (Retry-After, a spent budget) are kept.
   */
  async retryNow(accountId: string): Promise<void> {
    await this.deps.db
      .updateTable('outbox')
      .set({ next_attempt_at: null, waiting_for: null })
      .where('account_id', '=', accountId)
      .where('state', 'in', ['queued', 'sending'])
      .where('waiting_for', '=', 'retry')
      .execute()
  }

  async pushAccount(accountId: string): Promise<PushReport> {
    const report: PushReport = { sent: 0, deferred: 0, parked: 0, conflicts: 0, needsSignIn: false }
    const account = await this.deps.db
      .selectFrom('accounts')
      .select(['needs_sign_in', 'provider'])
      .where('id', '=', accountId)
      .executeTakeFirst()
    if (!account || account.needs_sign_in) return { ...report, needsSignIn: Boolean(account?.needs_sign_in) }
    const provider = this.deps.providerFor(accountId)
    // The first op goes alone: when the vendor refuses the sign-in (or says "too many"), one request
    // learns it, not one per entity side by side. Once it has answered, the rest go in parallel.
    const queue = new PQueue({ concurrency: 1 })
    const tried = new Set<number>()
    const inFlight = new Set<string>()
    const waiting: number[] = []
    let stopped = false
    let failure: { error: unknown } | undefined
    const schedule = async (): Promise<void> => {
      if (stopped) return
      for (const op of await this.dueHeads(accountId)) {
        if (tried.has(op.id) || inFlight.has(op.entity_key)) continue
        tried.add(op.id)
        inFlight.add(op.entity_key)
        queue
          .add(async () => {
            const outcome = stopped ? 'deferred' : await this.deliver(provider, op)
            const halts = outcome === 'held' || outcome === 'paused' || outcome === 'stopped'
            if (!halts) queue.concurrency = VENDOR_MODULES[account.provider].parallelEntities
            inFlight.delete(op.entity_key)
            this.deps.onProgress?.()
            if (outcome === 'waiting') waiting.push(op.id)
            else if (halts) stopped = true
            if (outcome === 'held') report.needsSignIn = true
            else if (outcome === 'paused' || outcome === 'stopped') report.deferred++
            else if (outcome !== 'waiting') report[outcome === 'conflict' ? 'conflicts' : outcome]++
            // A project just created at the vendor: files waiting for it may go now.
            if (outcome === 'sent' && op.op === 'create') for (const id of waiting.splice(0)) tried.delete(id)
            // The entity's next op, if any, may go now.
            await schedule()
          })
          .catch((error: unknown) => {
            // The database itself failed (disk full…): stop, and let the sync report it.
            stopped = true
            failure ??= { error }
          })
      }
    }
    await schedule()
    await queue.onIdle()
    if (failure) throw failure.error
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
    // A project's delete waits for its files' ops still unsent (each settles at once, unsent): an upload
    // racing the delete would be refused by the vendor for a project that is gone.
    const filesOf = new Set(
      (
        await this.deps.db
          .selectFrom('files')
          .innerJoin('outbox', (join) => join.on(sql<boolean>`outbox.entity_key = 'file:' || files.id`))
          .select('files.project_id')
          .where('outbox.account_id', '=', accountId)
          .where('outbox.state', '!=', 'sent')
          .execute()
      ).map((f) => f.project_id),
    )
    const now = this.now().toISOString()
    return [...heads.values()].filter(
      (op) =>
        (op.state === 'queued' || op.state === 'sending') &&
        (!op.next_attempt_at || op.next_attempt_at <= now) &&
        !(op.op === 'delete' && filesOf.has(op.entity_key.replace(/^project:/, ''))),
    )
  }

  /** Each entity kind has its deliverer; they share the ledger, so they fail alike. */
  private deliver(provider: Provider, op: Op): Promise<Outcome> {
    return op.entity_key.startsWith('file:') ? this.files.deliver(provider, op) : this.projects.deliver(provider, op)
  }
}
