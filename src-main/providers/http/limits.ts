import PQueue from 'p-queue'
import type { Vendor } from '../../../src-shared/contract'
import { RateLimitedError, vendorName } from './errors'

/** Admits requests before they are sent. Providers get one per account. */
export interface RequestLimiter {
  run<T>(task: () => Promise<T>, purpose: RequestPurpose): Promise<T>
  /** The vendor said "too many" although we thought we had room: believe it. */
  exhausted?(retryAfterMs: number | null): void
}

/** Pulls refresh the cache; pushes deliver the technician's edits and get the last of any budget. */
export type RequestPurpose = 'pull' | 'push'

export interface BudgetState {
  day: string
  used: number
}

/** Where a daily budget is kept, so it survives restarts (main keeps it in SQLite; tests in memory). */
export interface BudgetStore {
  read(): BudgetState | undefined
  write(state: BudgetState): void
}

export const unlimited: RequestLimiter = { run: (task) => task() }

/**
 * A per-day request budget (OpenSolar: 1000 requests/day/org, reads and writes alike). Each request is
 * counted and persisted before it is sent, so a crash never under-counts. Pulls may not spend the last
 * `reservedForPushes` requests of the day.
 */
export class DailyBudget implements RequestLimiter {
  constructor(
    private readonly vendor: Vendor,
    private readonly limit: number,
    private readonly store: BudgetStore,
    private readonly now: () => Date,
    private readonly reservedForPushes = Math.floor(limit / 5),
  ) {}

  remaining(): number {
    return Math.max(0, this.limit - this.current().used)
  }

  async run<T>(task: () => Promise<T>, purpose: RequestPurpose): Promise<T> {
    const state = this.current()
    const ceiling = purpose === 'pull' ? this.limit - this.reservedForPushes : this.limit
    if (state.used >= ceiling) {
      const reason = purpose === 'pull' && state.used < this.limit ? 'kept for sending your changes' : 'used up'
      throw new RateLimitedError(
        this.vendor,
        `Today's ${vendorName(this.vendor)} request allowance is ${reason} (${state.used}/${this.limit}). It renews at midnight UTC.`,
        this.msUntilMidnight(),
        null,
      )
    }
    this.store.write({ day: state.day, used: state.used + 1 })
    return task()
  }

  /** Only a long wait means the day is spent: OpenSolar also answers 429 to too many creates a minute. */
  exhausted(retryAfterMs: number | null): void {
    if (retryAfterMs !== null && retryAfterMs >= 3_600_000) this.store.write({ day: this.today(), used: this.limit })
  }

  private current(): BudgetState {
    const stored = this.store.read()
    return stored && stored.day === this.today() ? stored : { day: this.today(), used: 0 }
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10)
  }

  private msUntilMidnight(): number {
    const now = this.now()
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()
  }
}

/** One request at a time, in order (Locus: "rate limited by default to 1 request at a time"). */
export class SerialQueue implements RequestLimiter {
  private readonly queue = new PQueue({ concurrency: 1 })

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add<T>(task)
  }
}

export class MemoryBudgetStore implements BudgetStore {
  private state: BudgetState | undefined
  read() {
    return this.state
  }
  write(state: BudgetState) {
    this.state = state
  }
}
