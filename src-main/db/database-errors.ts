// SQLite's failures, in words a technician can act on. A database problem is never a vendor's answer:
// sync stops on one (the op stays as it was, to go again) instead of parking the change as refused.
import { AppError } from '../errors'

const PLAIN: Record<string, string> = {
  SQLITE_FULL:
    'The disk is full: Solar Field could not save this. Free some space and try again; nothing saved before was lost.',
  SQLITE_BUSY: 'The local database is in use by another Solar Field. Close it and try again.',
  SQLITE_LOCKED: 'The local database is in use by another Solar Field. Close it and try again.',
  SQLITE_READONLY: 'Solar Field cannot write its database (the disk or folder is read-only). Check the data folder.',
  SQLITE_IOERR: 'Solar Field could not read or write its database (a disk error). Check the disk, then try again.',
  SQLITE_CORRUPT: 'The local database is damaged. Solar Field has stopped writing to it; restart it to see what to do.',
}

/** The SQLite result code of an error from better-sqlite3 (extended codes folded: SQLITE_IOERR_WRITE → SQLITE_IOERR). */
function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  return Object.keys(PLAIN).find((base) => code === base || code.startsWith(`${base}_`)) ?? code
}

export function isDatabaseError(error: unknown): boolean {
  return sqliteCode(error) !== null
}

/** The AppError to show for a database failure, or null if it is not one. */
export function databaseProblem(error: unknown): AppError | null {
  const code = sqliteCode(error)
  if (!code) return null
  return new AppError(
    'unavailable',
    PLAIN[code] ?? `Solar Field's database failed (${code}). Try again; the details are in the log.`,
    { cause: error },
  )
}
