import type { Kysely } from 'kysely'
import type { AccountSyncStatus, SyncStatus } from '../../src-shared/contract'
import { VENDOR_MODULES } from '../providers/vendors'
import { databaseProblemText, lastIntegrityCheck } from '../db/integrity-check'
import type { Database } from '../db/schema'
import {
  type LeftOutReport,
  type PullProgress,
  readSyncStates,
  type SyncOutcome,
  type SyncStateValue,
} from '../db/sync-state'
import { UploadProgress } from './upload-progress'

/** The records left out shown in the status (the count is always whole). */
const LEFT_OUT_SHOWN = 50

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
    const stateOf = await readSyncStates(this.db, [
      'requestBudget',
      'lastPull',
      'lastSync',
      'skippedRecords',
      'skippedMonitoring',
      'pullProgress',
    ])
    const count = (accountId: string, ...wanted: string[]) =>
      counts.filter((c) => c.account_id === accountId && wanted.includes(c.state)).reduce((n, c) => n + Number(c.n), 0)
    const today = this.now().toISOString().slice(0, 10)

    const summaries: AccountSyncStatus[] = accounts.map((account) => {
      const limit = VENDOR_MODULES[account.provider].dailyRequests
      const budget = stateOf(account.id, 'requestBudget') as SyncStateValue<'requestBudget'> | undefined
      const used = budget && budget.day === today ? budget.used : 0
      const lastPull = stateOf(account.id, 'lastPull') as SyncStateValue<'lastPull'> | undefined
      const outcome = stateOf(account.id, 'lastSync') as SyncOutcome | undefined
      const skipped = (['skippedRecords', 'skippedMonitoring'] as const).map(
        (key) => (stateOf(account.id, key) as LeftOutReport | undefined) ?? { count: 0, records: [] },
      )
      const pulling = stateOf(account.id, 'pullProgress') as PullProgress | undefined
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
