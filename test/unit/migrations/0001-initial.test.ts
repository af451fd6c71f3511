import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { up } from '../../../migrations/0001-initial'
import { naturalSortKey } from '../../../src-main/projects/natural-sort-key'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let sqlite: BetterSqlite3.Database

// 0001 runs on the empty schema, so "the previous schema with data in it" is an empty file.
async function migrated() {
  sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
  sqlite.pragma('foreign_keys = ON')
  await up(new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }))
  return sqlite
}

afterEach(() => sqlite?.close())

const insertAccount = (db: BetterSqlite3.Database, id = 'a1', provider = 'opensolar') =>
  db
    .prepare(`insert into accounts (id, provider, label, base_url, created_at) values (?, ?, 'L', 'u', 'now')`)
    .run(id, provider)

const insertProject = (db: BetterSqlite3.Database, id: string, fields: Record<string, string | number | null> = {}) => {
  const row = {
    id,
    account_id: 'a1',
    provider: 'opensolar',
    client_ref: `c-${id}`,
    title: id,
    title_sort: naturalSortKey(id),
    ...fields,
  }
  const keys = Object.keys(row)
  db.prepare(`insert into projects (${keys.join(',')}) values (${keys.map(() => '?').join(',')})`).run(
    ...Object.values(row),
  )
}

const search = (db: BetterSqlite3.Database, match: string) =>
  (
    db
      .prepare(
        `select p.id from projects_fts f join projects p on p.seq = f.rowid where projects_fts match ? order by p.id`,
      )
      .all(match) as { id: string }[]
  ).map((r) => r.id)

describe('0001-initial', () => {
  it('creates the first tables', async () => {
    const db = await migrated()
    const names = (
      db.prepare(`select name from sqlite_master where type in ('table') and name not like 'projects_fts_%'`).all() as {
        name: string
      }[]
    ).map((r) => r.name)
    expect(names.sort()).toEqual(['accounts', 'outbox', 'projects', 'projects_fts', 'sqlite_sequence', 'sync_state'])
  })

  it('keeps the search index in step with inserts, updates and deletes', async () => {
    const db = await migrated()
    insertAccount(db)
    insertProject(db, 'p1', {
      address: '6 Hopetoun Ave',
      customer_name: 'George Costanza',
      serials_inverters: 'INV-778812',
    })
    insertProject(db, 'p2', { address: '105 Sample Road', notes: 'dog on site' })
    expect(search(db, 'hopetoun')).toEqual(['p1'])
    expect(search(db, 'costanza')).toEqual(['p1'])
    expect(search(db, '"inv 778812"')).toEqual(['p1'])
    expect(search(db, 'dog')).toEqual(['p2'])

    db.prepare(`update projects set customer_name = 'Elaine Benes', notes = 'gate code 1234' where id = 'p1'`).run()
    expect(search(db, 'costanza')).toEqual([])
    expect(search(db, 'benes')).toEqual(['p1'])
    expect(search(db, 'gate')).toEqual(['p1'])

    db.prepare(`delete from projects where id = 'p2'`).run()
    expect(search(db, 'dog')).toEqual([])
  })

  it('folds accents so "Zoe" finds "Zoë"', async () => {
    const db = await migrated()
    insertAccount(db)
    insertProject(db, 'p1', { customer_name: 'Zoë Brontë' })
    expect(search(db, 'zoe')).toEqual(['p1'])
  })

  it.each([
    ['an unknown provider', () => insertAccount(sqlite, 'a2', 'solarcity')],
    [
      'invalid settings JSON',
      () =>
        sqlite
          .prepare(
            `insert into accounts (id, provider, label, base_url, settings_json, created_at) values ('a3', 'aurora', 'l', 'u', '{oops', 'now')`,
          )
          .run(),
    ],
    ['a project of a missing account', () => insertProject(sqlite, 'p9', { account_id: 'nobody' })],
    ['a latitude off the planet', () => insertProject(sqlite, 'p8', { lat: 123 })],
    [
      'two projects with one client ref',
      () => (insertProject(sqlite, 'p6', { client_ref: 'same' }), insertProject(sqlite, 'p7', { client_ref: 'same' })),
    ],
    [
      'an unknown outbox state',
      () =>
        sqlite
          .prepare(
            `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, state, created_at, updated_at) values ('a1', 'project:p', 'update', '{}', 'op1', 'lost', 'now', 'now')`,
          )
          .run(),
    ],
    [
      'an unknown outbox op',
      () =>
        sqlite
          .prepare(
            `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at) values ('a1', 'project:p', 'upsert', '{}', 'op2', 'now', 'now')`,
          )
          .run(),
    ],
  ])('refuses %s', async (_name, write) => {
    await migrated()
    insertAccount(sqlite)
    expect(write).toThrow()
  })

  it('deletes an account’s projects, outbox and sync state with it', async () => {
    const db = await migrated()
    insertAccount(db)
    insertProject(db, 'p1')
    db.prepare(
      `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at) values ('a1', 'project:p1', 'update', '{}', 'op1', 'now', 'now')`,
    ).run()
    db.prepare(
      `insert into sync_state (account_id, key, value_json, updated_at) values ('a1', 'last_pull', '{}', 'now')`,
    ).run()
    db.prepare(`delete from accounts where id = 'a1'`).run()
    for (const table of ['projects', 'outbox', 'sync_state']) {
      expect(db.prepare(`select count(*) as n from ${table}`).get()).toEqual({ n: 0 })
    }
    expect(search(db, 'p1')).toEqual([])
  })
})
