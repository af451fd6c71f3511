// When sync runs: at start, on a timer, when the connection returns, and on
// demand. One sync per account at a time; accounts run side by side. After each, the windows are told.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Logger } from '../logging/logger'
import { databaseProblem } from '../db/database-errors'
import {
  AuthError,
  ClosingError,
  NetworkError,
  ProviderError,
  RateLimitedError,
  ServerError,
} from '../providers/http/errors'
import type { MonitoringPull } from './pull/monitoring-pull'
import type { PullEngine } from './pull/pull-engine'
import type { PushEngine, PushReport } from './push/push-engine'
import { readSyncState, type SyncOutcome, writeSyncState } from '../db/sync-state'
import type { DataChanged } from '../../src-shared/contract'

export interface SyncServiceDeps {
  db: Kysely<Database>
  push: PushEngine
  pull: PullEngine
  /** Components, readings and alerts of monitoring accounts (Locus). */
  monitoring?: MonitoringPull
  /** Tell the windows the queue changed. */
  publish: () => Promise<void>
  /** Tell the windows what a sync changed in the cache (what they show of it is read again). */
  changed?: (change: DataChanged) => void
  log: Logger
  intervalMs?: number
  now?: () => Date
}

export interface SyncOptions {
  /** Refresh the cache from the vendor after delivering the queue (default true). */
  pull?: boolean
  /** The technician asked (Sync now): a pull waiting after a failure is tried anyway. */
  manual?: boolean
}

/** After a failed pull, the next one waits 5 min, then 10, 20… up to 6 hours (reset by a success). */
const PULL_RETRY_BASE_MS = 5 * 60_000
const PULL_RETRY_MAX_MS = 6 * 3_600_000

export interface AccountSyncResult {
  accountId: string
  push: PushReport | null
  pulled: boolean
  error: string | null
  /** The pull was not tried: it failed lately, and waits until this time. */
  pullWaitsUntil?: string
}

export class SyncService {
  private readonly running = new Map<string, Promise<AccountSyncResult>>()
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(private readonly deps: SyncServiceDeps) {}

  /**
   * Syncs one account; a call while it is already syncing joins that run instead of starting another.
   * `pull: false` only delivers the queue (right after an edit, there is no need to refresh everything).
   */
  syncAccount(accountId: string, options: SyncOptions = {}): Promise<AccountSyncResult> {
    if (this.stopped) return Promise.resolve({ accountId, push: null, pulled: false, error: 'Solar Field is closing.' })
    const existing = this.running.get(accountId)
    if (existing) return existing
    const run = this.run(accountId, options).finally(() => this.running.delete(accountId))
    this.running.set(accountId, run)
    return run
  }

  private get now(): Date {
    return (this.deps.now ?? (() => new Date()))()
  }

  async syncAll(options: SyncOptions = {}): Promise<AccountSyncResult[]> {
    const accounts = await this.deps.db.selectFrom('accounts').select('id').orderBy('id').execute()
    return Promise.all(accounts.map((a) => this.syncAccount(a.id, options)))
  }

  /** Sync now, then every intervalMs (default 5 minutes). */
  start(): void {
    if (this.timer) return
    void this.syncAll()
    this.timer = setInterval(() => void this.syncAll(), this.deps.intervalMs ?? 5 * 60_000)
    this.timer.unref()
  }

  /**
   * No sync starts after this; those running are waited for up to `boundMs` (their requests are aborted
   * by the app's closing signal, so they settle at once, their ops left as a kill would leave them).
   * Resolves true when every one had settled.
   */
  async stop(boundMs = 5_000): Promise<boolean> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    let timer: NodeJS.Timeout | undefined
    const settled = await Promise.race([
      Promise.allSettled(this.running.values()).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), boundMs))),
    ])
    clearTimeout(timer)
    return settled
  }

  /** A sync is running (delivering the queue, or pulling): a restart now would cut it off. */
  get busy(): boolean {
    return this.running.size > 0
  }

  private async run(accountId: string, options: SyncOptions): Promise<AccountSyncResult> {
    const result: AccountSyncResult = { accountId, push: null, pulled: false, error: null }
    let reachable = true
    let vendorWaitMs = 0
    const before = await readSyncOutcome(this.deps.db, accountId)
    let pullFailed = false
    try {
      // Deliver the technician's changes first, then refresh the cache from the vendor.
      if (options.manual) await this.deps.push.retryNow(accountId)
      result.push = await this.deps.push.pushAccount(accountId)
      const waiting = before?.nextPullAt && before.nextPullAt > this.now.toISOString() && !options.manual
      if (waiting) result.pullWaitsUntil = before.nextPullAt!
      if (!result.push.needsSignIn && options.pull !== false && !waiting) {
        pullFailed = true
        await this.deps.pull.pullAccount(accountId)
        await this.deps.monitoring?.pullAccount(accountId)
        pullFailed = false
        result.pulled = true
      }
    } catch (error) {
      // Stopped because the app is closing: nothing failed, nothing to record.
      if (error instanceof ClosingError) return { ...result, error: error.message }
      // A vendor that no longer takes the sign-in holds the account, as a refused push does.
      if (error instanceof AuthError)
        await this.deps.db.updateTable('accounts').set({ needs_sign_in: 1 }).where('id', '=', accountId).execute()
      reachable = !(error instanceof NetworkError || error instanceof ServerError)
      // The day's budget spent (or the vendor's 429): the pull resumes where it stopped when it renews.
      if (error instanceof RateLimitedError) vendorWaitMs = error.retryAfterMs ?? 0
      const said = databaseProblem(error) ?? error
      result.error = said instanceof Error ? said.message : String(said)
      const level = error instanceof ProviderError ? 'warn' : 'error'
      this.deps.log[level](
        `Sync of ${accountId} stopped: ${result.error}`,
        error instanceof ProviderError ? undefined : error,
      )
    }
    await this.recordOutcome(accountId, result, before, pullFailed, reachable, vendorWaitMs).catch((error: unknown) =>
      this.deps.log.warn(`Could not record the sync of ${accountId}`, error),
    )
    const push = result.push
    if (result.pulled || (push && push.sent + push.parked + push.conflicts > 0))
      this.deps.changed?.({ domains: [...SYNC_CHANGES], projectIds: null })
    await this.deps.publish().catch(() => undefined)
    return result
  }

  private async recordOutcome(
    accountId: string,
    result: AccountSyncResult,
    before: SyncOutcome | undefined,
    pullFailed: boolean,
    reachable: boolean,
    vendorWaitMs: number,
  ): Promise<void> {
    const now = this.now
    const failedPulls = pullFailed ? (before?.failedPulls ?? 0) + 1 : result.pulled ? 0 : (before?.failedPulls ?? 0)
    const backoff = Math.min(PULL_RETRY_MAX_MS, PULL_RETRY_BASE_MS * 2 ** Math.max(0, failedPulls - 1))
    const wait = Math.max(backoff, vendorWaitMs)
    const outcome: SyncOutcome = {
      at: now.toISOString(),
      ok: result.error === null,
      reachable,
      error: result.error,
      lastSuccessAt: result.error === null && result.pulled ? now.toISOString() : (before?.lastSuccessAt ?? null),
      failedPulls,
      nextPullAt: pullFailed
        ? new Date(now.getTime() + wait).toISOString()
        : result.pulled
          ? null
          : (before?.nextPullAt ?? null),
    }
    await writeSyncState(this.deps.db, accountId, 'lastSync', outcome, now)
  }
}

export async function readSyncOutcome(db: Kysely<Database>, accountId: string): Promise<SyncOutcome | undefined> {
  return (await readSyncState(db, accountId, 'lastSync'))?.value
}

/** What a sync's push and pull may have changed: what the vendors took, refused or sent back. */
const SYNC_CHANGES = ['projects', 'outbox', 'conflicts', 'files', 'monitoring', 'app'] as const
