// What sync keeps per account between runs, in the sync_state table: one typed entry per key, each with
// the schema its value is checked against when read (a row an older version wrote, or one damaged, reads
// as absent rather than as a wrong value), written and read only through here.
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely, Transaction } from 'kysely'
import { z } from 'zod'
import type { Database } from './schema'

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a time')

const LeftOut = z.object({
  count: z.number().int().nonnegative(),
  records: z.array(
    z.object({
      // An older pull kept no kind: it listed projects only.
      kind: z
        .enum(['project', 'file', 'file tag', 'device', 'data field', 'reading', 'alert', 'client'])
        .catch('project'),
      remoteId: z.string().nullable().catch(null),
      reason: z.string(),
    }),
  ),
})

/** Each key, the name its row has, and its value's schema. */
export const SYNC_STATE = {
  /** The day's request count (OpenSolar's 1000 a day), counted before each request leaves. */
  requestBudget: { key: 'request_budget', schema: z.object({ day: z.string(), used: z.number().int().nonnegative() }) },
  /** When the last pull that finished started (the next one asks for what changed since). */
  lastPull: { key: 'last_pull', schema: z.object({ at: Instant }) },
  alertsPulledAt: { key: 'alerts_pulled_at', schema: z.object({ at: Instant }) },
  /** The vendor's file tag names (OpenSolar: the org's tag list), for tagging offline. */
  fileTags: { key: 'file_tags', schema: z.array(z.string()) },
  /** Records the last pull could not read or show. */
  skippedRecords: { key: 'skipped_records', schema: LeftOut },
  /** The same, of the last monitoring pull (devices, data fields, readings, alerts). */
  skippedMonitoring: { key: 'skipped_monitoring', schema: LeftOut },
  /** The last sync's outcome, for the status bar: when it last worked, and what went wrong since. */
  lastSync: {
    key: 'last_sync',
    schema: z.object({
      at: Instant,
      ok: z.boolean(),
      /** Whether the vendor answered at all (a refusal is an answer; no connection, a timeout, a 5xx are not). */
      reachable: z.boolean(),
      error: z.string().nullable(),
      /** When the account last synced whole (push and pull). */
      lastSuccessAt: Instant.nullable(),
      /** Pulls failed in a row, and when the next may run (a failing pull must not spend the day's budget). */
      failedPulls: z.number().int().nonnegative(),
      nextPullAt: Instant.nullable(),
    }),
  },
  /**
   * A pull under way, kept with each page it stores: one stopped by the day's budget, a crash or a lost
   * connection resumes here, and the status shows "78,000 of 100,000 cached".
   */
  pullProgress: {
    key: 'pull_progress',
    schema: z.object({
      startedAt: Instant,
      /** The listing's `since` (null: everything — a first pull). */
      since: Instant.nullable(),
      /**
       * Where the listing resumes: the start of the last page stored, read again (one request), because a
       * project deleted at the vendor meanwhile moves later ones back a place, onto a page already read.
       */
      resumeFrom: z.string().nullable(),
      stored: z.number().int().nonnegative(),
      /** How many projects the vendor holds, when it could say (a first pull of more than a page). */
      total: z.number().int().nonnegative().nullable(),
      skipped: LeftOut,
    }),
  },
} as const

export type SyncStateKey = keyof typeof SYNC_STATE
export type SyncStateValue<K extends SyncStateKey> = z.infer<(typeof SYNC_STATE)[K]['schema']>
export type SyncOutcome = SyncStateValue<'lastSync'>
export type PullProgress = SyncStateValue<'pullProgress'>
export type LeftOutReport = SyncStateValue<'skippedRecords'>

type Db = Kysely<Database> | Transaction<Database>

/** The value kept under `key`, with when it was written; undefined if never written, or unreadable. */
export async function readSyncState<K extends SyncStateKey>(
  db: Db,
  accountId: string,
  key: K,
): Promise<{ value: SyncStateValue<K>; updatedAt: string } | undefined> {
  const row = await db
    .selectFrom('sync_state')
    .select(['value_json', 'updated_at'])
    .where('account_id', '=', accountId)
    .where('key', '=', SYNC_STATE[key].key)
    .executeTakeFirst()
  const value = row && parseValue(key, row.value_json)
  return value === undefined ? undefined : { value, updatedAt: row!.updated_at }
}

export async function writeSyncState<K extends SyncStateKey>(
  db: Db,
  accountId: string,
  key: K,
  value: SyncStateValue<K>,
  now: Date,
): Promise<void> {
  const row = rowOf(key, value, now)
  await db
    .insertInto('sync_state')
    .values({ account_id: accountId, ...row })
    .onConflict((oc) =>
      oc.columns(['account_id', 'key']).doUpdateSet({ value_json: row.value_json, updated_at: row.updated_at }),
    )
    .execute()
}

export async function clearSyncState(db: Db, accountId: string, key: SyncStateKey): Promise<void> {
  await db.deleteFrom('sync_state').where('account_id', '=', accountId).where('key', '=', SYNC_STATE[key].key).execute()
}

/** Every account's values of `keys`, read in one query (the status bar's). */
export async function readSyncStates<K extends SyncStateKey>(
  db: Db,
  keys: readonly K[],
): Promise<(accountId: string, key: K) => SyncStateValue<K> | undefined> {
  const rows = await db
    .selectFrom('sync_state')
    .select(['account_id', 'key', 'value_json'])
    .where(
      'key',
      'in',
      keys.map((k) => SYNC_STATE[k].key),
    )
    .execute()
  const byName = new Map(keys.map((k) => [SYNC_STATE[k].key as string, k]))
  const values = new Map<string, unknown>()
  for (const row of rows) {
    const key = byName.get(row.key)!
    values.set(`${row.account_id}\u0000${row.key}`, parseValue(key, row.value_json))
  }
  return (accountId, key) => values.get(`${accountId}\u0000${SYNC_STATE[key].key}`) as SyncStateValue<K> | undefined
}

/**
 * The same kept by one prepared statement, for a caller on better-sqlite3 directly (synchronous: the
 * request budget is counted before its request leaves; a page's resume point goes in the page's transaction).
 */
export function syncStateStatements<K extends SyncStateKey>(sqlite: BetterSqlite3.Database, key: K) {
  const name = SYNC_STATE[key].key
  const select = sqlite.prepare<[string, string], { value_json: string }>(
    'select value_json from sync_state where account_id = ? and key = ?',
  )
  const upsert = sqlite.prepare<[string, string, string, string]>(
    `insert into sync_state (account_id, key, value_json, updated_at) values (?, ?, ?, ?)
     on conflict (account_id, key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`,
  )
  return {
    read: (accountId: string): SyncStateValue<K> | undefined => {
      const row = select.get(accountId, name)
      return row ? parseValue(key, row.value_json) : undefined
    },
    write: (accountId: string, value: SyncStateValue<K>, now: Date): void => {
      const row = rowOf(key, value, now)
      upsert.run(accountId, row.key, row.value_json, row.updated_at)
    },
  }
}

function parseValue<K extends SyncStateKey>(key: K, json: string): SyncStateValue<K> | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return undefined
  }
  const parsed = SYNC_STATE[key].schema.safeParse(raw)
  return parsed.success ? (parsed.data as SyncStateValue<K>) : undefined
}

function rowOf<K extends SyncStateKey>(key: K, value: SyncStateValue<K>, now: Date) {
  // Checked on the way in too: a value the schema would refuse on reading is never written.
  const checked = SYNC_STATE[key].schema.parse(value)
  return { key: SYNC_STATE[key].key, value_json: JSON.stringify(checked), updated_at: now.toISOString() }
}

type TimestampKey = 'lastPull' | 'alertsPulledAt'

/** When an account's pull (or alerts pull) last started, if one ever finished. */
export async function readPulledAt(db: Db, accountId: string, key: TimestampKey): Promise<Date | undefined> {
  const at = (await readSyncState(db, accountId, key))?.value.at
  return at === undefined ? undefined : new Date(at)
}

export function writePulledAt(db: Db, accountId: string, key: TimestampKey, at: Date, now: Date): Promise<void> {
  return writeSyncState(db, accountId, key, { at: at.toISOString() }, now)
}
