import type BetterSqlite3 from 'better-sqlite3'
import { syncStateStatements } from '../db/sync-state'
import type { BudgetState, BudgetStore } from '../providers/http/limits'

/**
 * An account's daily request budget in sync_state, the row the status bar reads. Synchronous on purpose:
 * the count is committed before the request leaves, so a crash right after sending never under-counts.
 */
export class SqliteBudgetStore implements BudgetStore {
  private readonly state: ReturnType<typeof syncStateStatements<'requestBudget'>>

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly accountId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = syncStateStatements(sqlite, 'requestBudget')
  }

  read(): BudgetState | undefined {
    return this.state.read(this.accountId)
  }

  write(state: BudgetState): void {
    this.state.write(this.accountId, state, this.now())
  }
}
