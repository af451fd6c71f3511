import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations/index'
import { createMigrator } from '../../../src-main/db/migrator'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let sqlite: BetterSqlite3.Database | undefined
afterEach(() => sqlite?.close())

/** A database at 0001 holding a project and a queued op, then migrated to 0002. */
async function migratedFrom0001() {
  sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
  const migrator = createMigrator(db, migrations)
  expect((await migrator.migrateTo('0001-initial')).error).toBeUndefined()
  sqlite
    .prepare(
      `insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now')`,
    )
    .run()
  sqlite
    .prepare(
      `insert into projects (id, account_id, provider, client_ref, title, title_sort, notes) values ('p1', 'a1', 'opensolar', 'c1', '6 Hopetoun Ave', '6 hopetoun ave', 'gate code 1234')`,
    )
    .run()
  sqlite
    .prepare(
      `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at) values ('a1', 'project:p1', 'update', '{"stage":"Sold"}', 'op1', 'now', 'now')`,
    )
    .run()
  expect((await migrator.migrateTo('0002-conflicts')).error).toBeUndefined()
  return sqlite
}

const conflict = (db: BetterSqlite3.Database, field: string, resolved: string | null = null) =>
  db
    .prepare(
      `insert into conflicts (project_id, outbox_id, field, base_json, local_json, remote_json, created_at, resolved_at) values ('p1', 1, ?, '"Lead"', '"Sold"', '"Closed"', 'now', ?)`,
    )
    .run(field, resolved)

describe('0002-conflicts', () => {
  it('keeps 0001’s data and adds the conflicts table', async () => {
    const db = await migratedFrom0001()
    expect(db.prepare(`select notes from projects where id = 'p1'`).get()).toEqual({ notes: 'gate code 1234' })
    expect(db.prepare(`select count(*) as n from outbox`).get()).toEqual({ n: 1 })
    conflict(db, 'stage')
    expect(db.prepare(`select field, local_json, remote_json from conflicts`).all()).toEqual([
      { field: 'stage', local_json: '"Sold"', remote_json: '"Closed"' },
    ])
  })

  it('allows one open conflict per project field, any number of resolved ones', async () => {
    const db = await migratedFrom0001()
    conflict(db, 'stage', '2026-01-01')
    conflict(db, 'stage', '2026-01-02')
    conflict(db, 'stage')
    expect(() => conflict(db, 'stage')).toThrow(/UNIQUE/)
    conflict(db, 'notes')
  })

  it('refuses a resolution other than mine or theirs, and invalid JSON', async () => {
    const db = await migratedFrom0001()
    expect(() =>
      db
        .prepare(`insert into conflicts (project_id, field, created_at, resolution) values ('p1', 'x', 'now', 'both')`)
        .run(),
    ).toThrow()
    expect(() =>
      db
        .prepare(`insert into conflicts (project_id, field, local_json, created_at) values ('p1', 'x', '{oops', 'now')`)
        .run(),
    ).toThrow()
  })

  it('goes with its project, and outlives its op', async () => {
    const db = await migratedFrom0001()
    conflict(db, 'stage')
    db.prepare(`delete from outbox where id = 1`).run()
    expect(db.prepare(`select outbox_id from conflicts`).get()).toEqual({ outbox_id: null })
    db.prepare(`delete from projects where id = 'p1'`).run()
    expect(db.prepare(`select count(*) as n from conflicts`).get()).toEqual({ n: 0 })
  })
})
