// The outbox side of delivering one op: its state moves (sending → sent, or back to queued with the next
// attempt time, or parked), each committed before or after the request, never during. Shared by the
// project and file deliverers, so both fail the same way.
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database, OutboxTable } from '../../db/schema'
import type { Logger } from '../../logging/logger'
import { isDatabaseError } from '../../db/database-errors'
import { AuthError, BadResponseError, ClosingError, ProviderError, RateLimitedError } from '../../providers/http/errors'

export type Op = Selectable<OutboxTable>
/**
 * 'held': the account needs sign-in; 'paused': the vendor said "too many", the op waits its Retry-After;
 * 'waiting': a file whose project is not at the vendor yet waits for the project's create; 'stopped': the
 * app is closing, the op left as a kill would leave it.
 */
export type Outcome = 'sent' | 'deferred' | 'parked' | 'conflict' | 'held' | 'paused' | 'waiting' | 'stopped'

const BASE_BACKOFF_MS = 5_000
const MAX_BACKOFF_MS = 60 * 60_000
/** After this many attempts a (non-rate-limit) failure stops retrying on its own and waits for the technician. */
export const MAX_ATTEMPTS = 12

/** What is kept of an error: enough to act on; a vendor's 1 MB error page is not kept whole in every op. */
export const MAX_ERROR_CHARS = 1000
const clipError = (message: string) =>
  message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message

export interface LedgerDeps {
  db: Kysely<Database>
  now: () => Date
  random: () => number
  log?: Logger
  backoff?: { baseMs: number; maxMs: number }
}

export class OpLedger {
  private readonly now: () => Date
  private readonly random: () => number

  constructor(private readonly deps: LedgerDeps) {
    this.now = deps.now
    this.random = deps.random
  }

  /** Marks the op as leaving, committed before its request does: after a crash it is known to be in doubt. */
  async sending(op: Op): Promise<Op> {
    await this.deps.db
      .updateTable('outbox')
      .set({ state: 'sending', attempts: op.attempts + 1, updated_at: this.now().toISOString() })
      .where('id', '=', op.id)
      .execute()
    return { ...op, state: 'sending', attempts: op.attempts + 1 }
  }

  /** Decides what a failed send means: hold the account, wait and retry, or park with the vendor's words. */
  async failed(op: Op, error: unknown): Promise<Outcome> {
    // Our own database failed (busy, full), not the vendor: stop, leaving the op as it was. An op that
    // was 'sending' stays so, and is looked for at the vendor before it goes again.
    if (isDatabaseError(error)) throw error
    // The app is closing: the op stays as a kill would leave it ('sending': looked for, then sent again).
    if (error instanceof ClosingError) return 'stopped'
    const now = this.now()
    if (error instanceof AuthError) {
      await this.deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ state: 'queued', last_error: clipError(error.message), updated_at: now.toISOString() })
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
          waiting_for: error instanceof RateLimitedError ? 'vendor_limit' : 'retry',
          last_error: clipError((error as Error).message),
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

  async park(op: Op, message: string): Promise<Outcome> {
    await this.deps.db
      .updateTable('outbox')
      .set({ state: 'parked', last_error: clipError(message), updated_at: this.now().toISOString() })
      .where('id', '=', op.id)
      .execute()
    return 'parked'
  }

  async markSent(db: Kysely<Database> | Transaction<Database>, opId: number): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ state: 'sent', last_error: null, updated_at: this.now().toISOString() })
      .where('id', '=', opId)
      .execute()
  }

  /** Nothing left to send (the entity is gone here): the op is done. */
  async finish(op: Op): Promise<Outcome> {
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
