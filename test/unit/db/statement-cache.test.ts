import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { withStatementCache } from '../../../src-main/db/statement-cache'

describe('withStatementCache', () => {
  let sqlite: BetterSqlite3.Database
  afterEach(() => {
    if (sqlite.open) sqlite.close()
  })

  it('prepares a text once and hands back the same statement', () => {
    sqlite = new BetterSqlite3(':memory:')
    const database = withStatementCache(sqlite)
    const first = database.prepare('select 1 as one')
    expect(database.prepare('select 1 as one')).toBe(first)
    expect(database.prepare('select 2 as two')).not.toBe(first)
  })

  it('gives a statement still being iterated a fresh one, so a nested query does not fail', () => {
    sqlite = new BetterSqlite3(':memory:')
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)')
    const database = withStatementCache(sqlite)
    const text = 'select n from t order by n'
    const outer = database.prepare(text)
    const seen: number[] = []
    for (const row of outer.iterate([]) as Iterable<{ n: number }>) {
      const inner = database.prepare(text)
      expect(inner).not.toBe(outer)
      seen.push(row.n, (inner.all([]) as { n: number }[]).length)
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3])
    // Once done, the cached one serves again.
    expect(database.prepare(text)).toBe(outer)
  })

  it('keeps at most its limit, dropping the least recently used', () => {
    sqlite = new BetterSqlite3(':memory:')
    const database = withStatementCache(sqlite, 2)
    const a = database.prepare('select 1')
    database.prepare('select 2')
    database.prepare('select 1') // used again: now the most recent
    database.prepare('select 3') // drops "select 2"
    expect(database.prepare('select 1')).toBe(a)
    const two = database.prepare('select 2')
    expect(database.prepare('select 2')).toBe(two)
  })

  it('serves Kysely: writes, reads and a rolled-back transaction behave as without it', async () => {
    sqlite = new BetterSqlite3(':memory:')
    const db = new Kysely<{ t: { n: number } }>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    })
    await sql`create table t (n integer)`.execute(db)
    for (const n of [1, 2, 3]) await db.insertInto('t').values({ n }).execute()
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ n: 4 }).execute()
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const rows = await db.selectFrom('t').select('n').orderBy('n').execute()
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3])
    const streamed: number[] = []
    for await (const row of db.selectFrom('t').select('n').orderBy('n').stream()) streamed.push(row.n)
    expect(streamed).toEqual([1, 2, 3])
    await db.destroy()
    expect(sqlite.open).toBe(false)
  })
})
