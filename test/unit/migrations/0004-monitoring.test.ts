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

/** A database at 0003 with a monitored site (a project) and a file, then migrated to 0004. */
async function migratedFrom0003() {
  sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
  const migrator = createMigrator(db, migrations)
  expect((await migrator.migrateTo('0003-files')).error).toBeUndefined()
  sqlite.exec(`
    insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'locus', 'L', 'u', 'now');
    insert into projects (id, account_id, provider, remote_id, client_ref, title, title_sort) values ('s1', 'a1', 'locus', '3001', 'c1', 'Depot roof', 'depot roof');
    insert into files (id, project_id, account_id, title, size, upload_state, created_at) values ('f1', 's1', 'a1', 'photo.jpg', 3, 'local', 'now');
  `)
  expect((await migrator.migrateTo('0004-monitoring')).error).toBeUndefined()
  return sqlite
}

const component = (db: BetterSqlite3.Database, remoteId: string) =>
  Number(
    db
      .prepare(
        `insert into components (account_id, project_id, remote_id, node_id, name, node_type, raw_json) values ('a1', 's1', ?, 'OP.1', 'Inverter 1', 'INVERTER', '{}')`,
      )
      .run(remoteId).lastInsertRowid,
  )

describe('0004-monitoring', () => {
  it('keeps 0003’s data and adds components, availability, series and alerts', async () => {
    const db = await migratedFrom0003()
    expect(db.prepare(`select title from files`).get()).toEqual({ title: 'photo.jpg' })
    const id = component(db, '77')
    db.prepare(
      `insert into data_availability (component_id, base_field, long_name, unit, fields_json, granularities_json) values (?, 'Wh', 'Energy', 'Wh', '["Wh_sum"]', '["hourly"]')`,
    ).run(id)
    db.prepare(`insert into series values (?, 'Wh_sum', 'hourly', '2026-06-01T10:00:00Z', 812.5)`).run(id)
    db.prepare(
      `insert into alerts (account_id, remote_id, project_id, component_remote_id, alert_type, priority, started_at, updated_at, raw_json) values ('a1', '9', 's1', '77', 'OFFLINE', 'high', 'now', 'now', '{}')`,
    ).run()
    expect(db.prepare(`select value from series`).get()).toEqual({ value: 812.5 })
  })

  it('keeps one reading per component, field, granularity and time', async () => {
    const db = await migratedFrom0003()
    const id = component(db, '77')
    const insert = db.prepare(`insert into series values (?, 'Wh_sum', 'hourly', '2026-06-01T10:00:00Z', ?)`)
    insert.run(id, 1)
    expect(() => insert.run(id, 2)).toThrow(/UNIQUE/)
    expect(() => component(db, '77')).toThrow(/UNIQUE/)
  })

  it('removes a site’s components, readings and alerts with the site', async () => {
    const db = await migratedFrom0003()
    const id = component(db, '77')
    db.prepare(`insert into series values (?, 'Wh_sum', 'hourly', 't', 1)`).run(id)
    db.prepare(
      `insert into alerts (account_id, remote_id, project_id, component_remote_id, alert_type, priority, started_at, updated_at, raw_json) values ('a1', '9', 's1', '77', 'OFFLINE', 'high', 'now', 'now', '{}')`,
    ).run()
    db.prepare(`delete from projects where id = 's1'`).run()
    for (const table of ['components', 'series', 'alerts'])
      expect(db.prepare(`select count(*) as n from ${table}`).get()).toEqual({ n: 0 })
  })
})
