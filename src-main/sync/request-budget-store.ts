import type BetterSqlite3 from 'better-sqlite3'
import type { BudgetState, BudgetStore } from '../providers/http/limits'
import { SYNC_STATE_KEYS } from './sync-status'

/**
 * An account's daily request budget in sync_state, the row the status bar reads. Synchronous on purpose:
 * the count is committed before the request leaves, so a crash right after sending never under-counts.
 */
export class SqliteBudgetStore implements BudgetStore {
  private readonly select: BetterSqlite3.Statement<[string, string], { value_json: string }>
  private readonly upsert: BetterSqlite3.Statement<[string, string, string, string]>

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly accountId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.select = sqlite.prepare('select value_json from sync_state where account_id = ? and key = ?')
    this.upsert = sqlite.prepare(
      `insert into sync_state (account_id, key, value_json, updated_at) values (?, ?, ?, ?)
       on conflict (account_id, key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`,
    )
  }

  read(): BudgetState | undefined {
    const row = this.select.get(this.accountId, SYNC_STATE_KEYS.requestBudget)
    if (!row) return undefined
    try {
      const value = JSON.parse(row.value_json) as Partial<BudgetState>
      return typeof value.day === 'string' && typeof value.used === 'number'
        ? { day: value.day, used: value.used }
        : undefined
    } catch {
      return undefined
    }
  }

  write(state: BudgetState): void {
    this.upsert.run(this.accountId, SYNC_STATE_KEYS.requestBudget, JSON.stringify(state), this.now().toISOString())
  }
}
