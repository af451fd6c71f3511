// One Solar Field per data folder. Two processes on one folder (a second browser host, the app started
// twice) would each deliver the same queued ops: every change sent twice. The lock is an exclusive
// SQLite lock on a file of its own, held while the process lives: the OS lets go of it when the process
// ends, however it ends (a SIGKILL included), so there is never a stale lock to clear by hand.
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { DatabaseOpenError } from './open-database'

export const LOCK_FILE = 'solar-field.lock'

export interface DataFolderLock {
  release(): void
}

export function lockDataFolder(dataDir: string): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE)
  let lock: BetterSqlite3.Database
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    lock = new BetterSqlite3(file, { timeout: 0 })
  } catch (error) {
    throw new DatabaseOpenError('unwritable', file, describe(error), { cause: error })
  }
  try {
    // In exclusive locking mode the write lock taken here is kept until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.exec('begin exclusive; create table if not exists held_by (pid integer); commit')
  } catch (error) {
    lock.close()
    const code = (error as { code?: string }).code
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new DatabaseOpenError('locked', dataDir, 'another Solar Field is using this data folder', { cause: error })
    throw new DatabaseOpenError('unwritable', file, describe(error), { cause: error })
  }
  return { release: () => lock.close() }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))
