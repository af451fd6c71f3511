// When sync runs (DESIGN §4, issue "sync" §6): at start, on a timer, when the connection returns, and on
// demand. One sync per account at a time; accounts run side by side. After each, the windows are told.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Logger } from '../logging/logger'
import { databaseProblem } from '../db/database-errors'
import { ProviderError } from '../providers/http/errors'
import type { MonitoringPull } from './pull/monitoring-pull'
import type { PullEngine } from './pull/pull-engine'
import type { PushEngine, PushReport } from './push/push-engine'

export interface SyncServiceDeps {
  db: Kysely<Database>
  push: PushEngine
  pull: PullEngine
  /** Components, readings and alerts of monitoring accounts (Locus). */
  monitoring?: MonitoringPull
  /** Tell the windows the queue changed. */
  publish: () => Promise<void>
  log: Logger
  intervalMs?: number
}

export interface SyncOptions {
  /** Refresh the cache from the vendor after delivering the queue (default true). */
  pull?: boolean
}

export interface AccountSyncResult {
  accountId: string
  push: PushReport | null
  pulled: boolean
  error: string | null
}

export class SyncService {
  private readonly running = new Map<string, Promise<AccountSyncResult>>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly deps: SyncServiceDeps) {}

  /**
   * Syncs one account; a call while it is already syncing joins that run instead of starting another.
   * `pull: false` only delivers the queue (right after an edit, there is no need to refresh everything).
   */
  syncAccount(accountId: string, options: SyncOptions = {}): Promise<AccountSyncResult> {
    const existing = this.running.get(accountId)
    if (existing) return existing
    const run = this.run(accountId, options).finally(() => this.running.delete(accountId))
    this.running.set(accountId, run)
    return run
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await Promise.allSettled(this.running.values())
  }

  private async run(accountId: string, options: SyncOptions): Promise<AccountSyncResult> {
    const result: AccountSyncResult = { accountId, push: null, pulled: false, error: null }
    try {
      // Deliver the technician's changes first, then refresh the cache from the vendor.
      result.push = await this.deps.push.pushAccount(accountId)
      if (!result.push.needsSignIn && options.pull !== false) {
        await this.deps.pull.pullAccount(accountId)
        await this.deps.monitoring?.pullAccount(accountId)
        result.pulled = true
      }
    } catch (error) {
      const said = databaseProblem(error) ?? error
      result.error = said instanceof Error ? said.message : String(said)
      const level = error instanceof ProviderError ? 'warn' : 'error'
      this.deps.log[level](
        `Sync of ${accountId} stopped: ${result.error}`,
        error instanceof ProviderError ? undefined : error,
      )
    } finally {
      await this.deps.publish().catch(() => undefined)
    }
    return result
  }
}
