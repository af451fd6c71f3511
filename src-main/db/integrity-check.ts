// The full page check of a large database, off the start-up path: at most once a day, on a
// read-only connection in a worker thread, so the window and sync carry on while it reads every page.
// What it finds is kept in app_state and shown in the status bar: the technician is told before the
// damage spreads to what they are about to send.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Kysely } from 'kysely'
import type { Logger } from '../logging/logger'
import type { Database } from './schema'

export const INTEGRITY_KEY = 'integrity_check'
const DAY_MS = 86_400_000

export interface IntegrityResult {
  at: string
  /** quick_check's findings; empty when sound. */
  problems: string[]
}

/** Runs quick_check on its own read-only connection in a worker thread. */
export function checkInBackground(file: string): Promise<string[]> {
  // Plain CommonJS evaluated in the worker: no bundled file to find, only the driver main already loads.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.driver)
    let db
    try {
      db = new Database(workerData.file, { readonly: true, fileMustExist: true })
      db.pragma('busy_timeout = 10000')
      const rows = db.pragma('quick_check(20)')
      parentPort.postMessage({ problems: rows.map((r) => r.quick_check).filter((r) => r !== 'ok') })
    } catch (error) {
      parentPort.postMessage({ problems: [String((error && error.message) || error)] })
    } finally {
      if (db) db.close()
    }`
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { file, driver } })
    worker.once('message', (message: { problems: string[] }) => resolve(message.problems))
    worker.once('error', reject)
    worker.once('exit', (code) => code !== 0 && reject(new Error(`The integrity check stopped (exit ${code})`)))
  })
}

export async function lastIntegrityCheck(db: Kysely<Database>): Promise<IntegrityResult | null> {
  const row = await db.selectFrom('app_state').select('value_json').where('key', '=', INTEGRITY_KEY).executeTakeFirst()
  if (!row) return null
  try {
    return JSON.parse(row.value_json) as IntegrityResult
  } catch {
    return null
  }
}

/** Checks the database if the last check is a day old (or never ran); records and returns what it found. */
export async function checkIfDue(deps: {
  db: Kysely<Database>
  file: string
  now: () => Date
  log: Logger
  check?: (file: string) => Promise<string[]>
}): Promise<IntegrityResult | null> {
  const last = await lastIntegrityCheck(deps.db)
  if (last && deps.now().getTime() - Date.parse(last.at) < DAY_MS) return null
  const problems = await (deps.check ?? checkInBackground)(deps.file)
  const result: IntegrityResult = { at: deps.now().toISOString(), problems }
  const value_json = JSON.stringify(result)
  await deps.db
    .insertInto('app_state')
    .values({ key: INTEGRITY_KEY, value_json, updated_at: result.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: result.at }))
    .execute()
  if (problems.length) deps.log.error(`The local database failed its integrity check: ${problems.join('; ')}`)
  else deps.log.info('The local database passed its integrity check')
  return result
}

/** What the status bar says of the database, when its last check found damage. */
export function databaseProblemText(result: IntegrityResult | null): string | null {
  if (!result?.problems.length) return null
  return (
    'The local database reported damage in its last check. Your unsent changes are still queued: sync now, ' +
    'then export or keep a copy of the data folder before reinstalling.'
  )
}
