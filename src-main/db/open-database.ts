import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type Migration,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely'
import { runMigrations } from './migrator'
import type { Database } from './schema'
import { withStatementCache } from './statement-cache'
import { textOf } from '../../src-shared/text-of'

export type DatabaseProblem = 'not_a_database' | 'corrupt' | 'locked' | 'too_new' | 'migration_failed' | 'unwritable'

/** Why the local database could not be opened, worded for the technician, with what to do next. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly problem: DatabaseProblem,
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${PROBLEM_TEXT[problem](file)} (${detail})`, options)
    this.name = 'DatabaseOpenError'
  }
}

const PROBLEM_TEXT: Record<DatabaseProblem, (file: string) => string> = {
  not_a_database: (f) => `The file ${f} is not a Solar Field database. Move it aside and restart to start a fresh one.`,
  corrupt: (f) =>
    `The local database ${f} is damaged. Solar Field has not changed it; keep a copy before moving it aside, as it may still hold unsent changes.`,
  locked: (f) =>
    `${f} is in use by another Solar Field (another window, or a browser host). Close it and try again; two at once would send every change twice.`,
  too_new: (f) => `The local database ${f} was written by a newer Solar Field. Update the app to open it.`,
  migration_failed: (f) =>
    `Solar Field could not upgrade the local database ${f}; it is unchanged. Send the log to support.`,
  unwritable: (f) =>
    `Solar Field cannot write its database at ${f}. Check the disk has space and the folder is writable.`,
}

export interface OpenDatabaseOptions {
  migrations: Record<string, Migration>
  /** Busy timeout for a second connection (the sync worker); the app itself uses one. */
  busyTimeoutMs?: number
  /**
   * Databases up to this size get a full page check (quick_check) before they open; larger ones open on
   * quick signals, and their full check runs in the background on a schedule (integrity-check.ts), so
   * start-up does not grow with the database (1.3 s at 477 MB).
   */
  fullCheckUpToBytes?: number
}

/** A full check of this much takes under a tenth of a second on a laptop's disk. */
export const FULL_CHECK_AT_OPEN_BYTES = 32 * 1024 * 1024

export interface OpenedDatabase {
  db: Kysely<Database>
  sqlite: BetterSqlite3.Database
  schemaVersion: string
  /** Whether every page was checked before it opened (a large one is checked in the background). */
  checkedAtOpen: boolean
  close(): Promise<void>
}

/**
 * SQLite does support transactional DDL; kysely's adapter says it doesn't, which would make its
 * migrator apply migrations outside a transaction (a kill mid-way leaves half a schema).
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}
/**
 * Write transactions begin IMMEDIATE: a deferred one that reads and then writes cannot wait for
 * another writer (SQLite answers SQLITE_BUSY at once, busy timeout or not, to avoid a deadlock);
 * one that takes the write lock at BEGIN waits out the busy timeout like any other statement.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}
class AppSqliteDialect extends SqliteDialect {
  constructor(private readonly appConfig: SqliteDialectConfig) {
    super(appConfig)
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter()
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.appConfig)
  }
}

/** Opens (creating if needed), checks and migrates the database. Throws DatabaseOpenError with a clear reason. */
export async function openDatabase(file: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
  } catch (error) {
    throw new DatabaseOpenError('unwritable', file, describe(error), { cause: error })
  }
  let sqlite: BetterSqlite3.Database
  try {
    sqlite = new BetterSqlite3(file)
  } catch (error) {
    throw new DatabaseOpenError('unwritable', file, describe(error), { cause: error })
  }
  let checkedAtOpen: boolean
  try {
    checkedAtOpen = configure(
      sqlite,
      file,
      options.busyTimeoutMs ?? 5000,
      options.fullCheckUpToBytes ?? FULL_CHECK_AT_OPEN_BYTES,
    )
  } catch (error) {
    sqlite.close()
    throw error
  }
  const db = new Kysely<Database>({ dialect: new AppSqliteDialect({ database: withStatementCache(sqlite) }) })
  let schemaVersion: string
  try {
    // A migration may rebuild a table (SQLite's documented way to change a constraint): with foreign keys
    // on, dropping the old table would cascade deletes through every table referring to it. The pragma
    // cannot change inside the migrations' transaction; each rebuild checks the references before it commits.
    sqlite.pragma('foreign_keys = OFF')
    schemaVersion = await runMigrations(db as unknown as Kysely<unknown>, options.migrations)
    sqlite.pragma('foreign_keys = ON')
  } catch (error) {
    await db.destroy()
    if (error instanceof DatabaseOpenError) throw error
    const problem = /newer|missing migrations|corrupted migrations/i.test(describe(error))
      ? 'too_new'
      : 'migration_failed'
    throw new DatabaseOpenError(problem, file, describe(error), { cause: error })
  }
  const close = async () => {
    // The WAL folded back into the database, so a closed app leaves one file (and a quick next open).
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // Busy or already closed: SQLite folds it in at the next open.
    }
    await db.destroy()
  }
  return { db, sqlite, schemaVersion, checkedAtOpen, close }
}

/** Sets the connection up; true when every page was checked. */
function configure(
  sqlite: BetterSqlite3.Database,
  file: string,
  busyTimeoutMs: number,
  fullCheckUpTo: number,
): boolean {
  try {
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }))
    const pages = Number(sqlite.pragma('page_count', { simple: true }))
    const checked = pages * pageSize <= fullCheckUpTo
    if (checked) {
      // quick_check reads every page (catching torn or overwritten files) without the index cross-checks
      // of integrity_check.
      const failures = quickCheck(sqlite)
      if (failures.length) throw new DatabaseOpenError('corrupt', file, failures.join('; '))
    } else {
      // Quick signals: the header and the schema read (SQLite also measures the file against its header);
      // the migrations read their table next.
      sqlite.prepare('select count(*) from sqlite_schema').get()
    }
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true })
    if (textOf(mode).toLowerCase() !== 'wal')
      throw new DatabaseOpenError('unwritable', file, `journal_mode is ${textOf(mode)}`)
    // WAL + NORMAL is durable across application crashes (the kill the chaos harness does);
    // only an OS crash can lose the last commits, never corrupt the file.
    sqlite.pragma('synchronous = NORMAL')
    return checked
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error
    const code = (error as { code?: string }).code ?? ''
    if (code === 'SQLITE_NOTADB') throw new DatabaseOpenError('not_a_database', file, describe(error), { cause: error })
    if (code === 'SQLITE_CORRUPT') throw new DatabaseOpenError('corrupt', file, describe(error), { cause: error })
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new DatabaseOpenError('locked', file, describe(error), { cause: error })
    throw new DatabaseOpenError('unwritable', file, describe(error), { cause: error })
  }
}

/** quick_check's findings (empty when the database is sound). */
export function quickCheck(sqlite: BetterSqlite3.Database): string[] {
  const rows = sqlite.pragma('quick_check(5)') as Array<{ quick_check: string }>
  return rows.map((r) => r.quick_check).filter((r) => r !== 'ok')
}

/**
 * Moves a damaged database (and its WAL/SHM) aside so a fresh one can be created, keeping the
 * old files for recovery. Only ever called after the technician agrees.
 */
export function quarantineDatabase(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const target = `${file}.damaged-${stamp}`
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix)
  }
  return target
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))
