import type { Kysely, Transaction } from 'kysely'
import { z } from 'zod'
import { AccountSyncStatus, type SyncStatus } from '../../src-preload/contract'
import { DAILY_REQUEST_LIMITS } from '../providers/http/limits'
import { databaseProblemText, lastIntegrityCheck } from '../db/integrity-check'
import type { Database } from '../db/schema'
import type { PullProgress } from './pull/pull-engine'
import type { SyncOutcome } from './sync-service'
import { UploadProgress } from './upload-progress'

export const SYNC_STATE_KEYS = {
  requestBudget: 'request_budget',
  lastPull: 'last_pull',
  alertsPulledAt: 'alerts_pulled_at',
  /** The vendor's file tag names (OpenSolar: the org's tag list), for tagging offline. */
  fileTags: 'file_tags',
  /** Records the last pull could not read or show: `{count, records: [{kind, remoteId, reason}]}`. */
  skippedRecords: 'skipped_records',
  /** The same, of the last monitoring pull (devices, data fields, readings, alerts). */
  skippedMonitoring: 'skipped_monitoring',
  /** The last sync's outcome (SyncOutcome): reachability, last success, pull retries. */
  lastSync: 'last_sync',
  /** A pull under way (PullProgress): where it resumes, how many stored of how many. */
  pullProgress: 'pull_progress',
} as const

/** Records left out, as a pull keeps them (an older one kept no kind: it listed projects only). */
const LeftOutReport = z
  .object({
    count: z.number().int().nonnegative(),
    records: z.array(
      z.object({
        kind: AccountSyncStatus.shape.leftOut.element.shape.kind.catch('project'),
        remoteId: z.string().nullable().catch(null),
        reason: z.string(),
      }),
    ),
  })
  .catch({ count: 0, records: [] })
const LEFT_OUT_SHOWN = 50

interface BudgetState {
  day: string
  used: number
}

/** Summarises accounts and the outbox into what the status bar and sync views show. */
export class SyncStatusService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly uploads: UploadProgress = new UploadProgress(),
  ) {}

  async read(): Promise<SyncStatus> {
    const accounts = await this.db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute()
    // Kept by triggers as ops are queued, sent and coalesced (migrations/0009): a status read after each
    // edit is a few rows, however long the outbox has grown.
    const counts = await this.db
      .selectFrom('outbox_counts')
      .select(['account_id', 'state', 'n'])
      .where('state', '!=', 'sent')
      .where('n', '>', 0)
      .execute()
    const states = await this.db.selectFrom('sync_state').selectAll().execute()
    const stateOf = (accountId: string, key: string): unknown => {
      const row = states.find((s) => s.account_id === accountId && s.key === key)
      return row ? (JSON.parse(row.value_json) as unknown) : undefined
    }
    const count = (accountId: string, ...wanted: string[]) =>
      counts.filter((c) => c.account_id === accountId && wanted.includes(c.state)).reduce((n, c) => n + Number(c.n), 0)
    const today = this.now().toISOString().slice(0, 10)

    const summaries: AccountSyncStatus[] = accounts.map((account) => {
      const limit = DAILY_REQUEST_LIMITS[account.provider]
      const budget = stateOf(account.id, SYNC_STATE_KEYS.requestBudget) as BudgetState | undefined
      const used = budget && budget.day === today ? budget.used : 0
      const lastPull = stateOf(account.id, SYNC_STATE_KEYS.lastPull) as { at?: string } | undefined
      const outcome = stateOf(account.id, SYNC_STATE_KEYS.lastSync) as SyncOutcome | undefined
      const skipped = [SYNC_STATE_KEYS.skippedRecords, SYNC_STATE_KEYS.skippedMonitoring].map((key) =>
        LeftOutReport.parse(stateOf(account.id, key)),
      )
      const pulling = stateOf(account.id, SYNC_STATE_KEYS.pullProgress) as PullProgress | undefined
      return {
        accountId: account.id,
        vendor: account.provider,
        label: account.label,
        queued: count(account.id, 'queued'),
        sending: count(account.id, 'sending'),
        failed: count(account.id, 'failed', 'parked'),
        conflicts: count(account.id, 'conflict'),
        needsSignIn: account.needs_sign_in === 1,
        budget: limit ? { remaining: Math.max(0, limit - used), limit } : null,
        lastPullAt: lastPull?.at ?? null,
        lastSync: outcome ? { at: outcome.at, reachable: outcome.reachable, error: outcome.error } : null,
        lastSuccessAt: outcome?.lastSuccessAt ?? null,
        pullWaitsUntil: outcome?.nextPullAt ?? null,
        skipped: skipped.reduce((n, report) => n + report.count, 0),
        leftOut: skipped.flatMap((report) => report.records).slice(0, LEFT_OUT_SHOWN),
        firstPull:
          pulling && pulling.since === null
            ? { stored: pulling.stored, total: pulling.total === null ? null : Math.max(pulling.total, pulling.stored) }
            : null,
        uploads: this.uploads.of(account.id),
      }
    })
    return {
      accounts: summaries,
      databaseProblem: databaseProblemText(await lastIntegrityCheck(this.db)),
      totals: {
        queued: summaries.reduce((n, a) => n + a.queued + a.sending, 0),
        failed: summaries.reduce((n, a) => n + a.failed, 0),
        conflicts: summaries.reduce((n, a) => n + a.conflicts, 0),
      },
    }
  }
}

type SyncStateDb = Kysely<Database> | Transaction<Database>
type TimestampKey = typeof SYNC_STATE_KEYS.lastPull | typeof SYNC_STATE_KEYS.alertsPulledAt

type SyncStateKey = (typeof SYNC_STATE_KEYS)[keyof typeof SYNC_STATE_KEYS]

/** One account's sync_state value, with when it was written; undefined if never written or unreadable. */
export async function readSyncState(
  db: SyncStateDb,
  accountId: string,
  key: SyncStateKey,
): Promise<{ value: unknown; updatedAt: string } | undefined> {
  const row = await db
    .selectFrom('sync_state')
    .select(['value_json', 'updated_at'])
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst()
  if (!row) return undefined
  try {
    return { value: JSON.parse(row.value_json) as unknown, updatedAt: row.updated_at }
  } catch {
    return undefined
  }
}

export async function writeSyncState(
  db: SyncStateDb,
  accountId: string,
  key: SyncStateKey,
  value: unknown,
  now: Date,
): Promise<void> {
  const value_json = JSON.stringify(value)
  await db
    .insertInto('sync_state')
    .values({ account_id: accountId, key, value_json, updated_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doUpdateSet({ value_json, updated_at: now.toISOString() }))
    .execute()
}

/** When an account's pull (or alerts pull) last started, if it ever finished. */
export async function readPulledAt(db: SyncStateDb, accountId: string, key: TimestampKey): Promise<Date | undefined> {
  const at = ((await readSyncState(db, accountId, key))?.value as { at?: unknown } | undefined)?.at
  return typeof at === 'string' ? new Date(at) : undefined
}

export function writePulledAt(db: SyncStateDb, accountId: string, key: TimestampKey, at: Date, now: Date) {
  return writeSyncState(db, accountId, key, { at: at.toISOString() }, now)
}

/** The account's file tag names, as last read from the vendor (none if never read). */
export async function readFileTags(db: SyncStateDb, accountId: string): Promise<string[]> {
  const value = (await readSyncState(db, accountId, SYNC_STATE_KEYS.fileTags))?.value
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
}
