// An account whose vendor refused its sign-in is held: nothing more is sent in its name until the
// technician signs in again. Without the hold, every queued change, page, chart and timer tick asked
// again and was refused again (37 requests in 16 s in one storm), and a vendor may lock an account that
// keeps presenting a revoked token. The hold is the account's `needs_sign_in`, so it outlives a restart
// and Settings shows it; lifting it is signing in again (or saving new secrets).
import type BetterSqlite3 from 'better-sqlite3'

/** What an account's HTTP client asks before each request, and tells when the vendor refuses. */
export interface SignInHold {
  held(): boolean
  /** The vendor refused the account's credentials (after the one renewal its protocol allows). */
  refused(): void
}

/** Holds kept in the accounts table, one per account. */
export function signInHolds(sqlite: BetterSqlite3.Database): (accountId: string) => SignInHold {
  const read = sqlite.prepare<[string], number>('select needs_sign_in from accounts where id = ?').pluck()
  const hold = sqlite.prepare<[string]>('update accounts set needs_sign_in = 1 where id = ? and needs_sign_in = 0')
  return (accountId) => ({
    held: () => read.get(accountId) === 1,
    refused: () => void hold.run(accountId),
  })
}
