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

const found = (db: BetterSqlite3.Database, text: string) =>
  (db.prepare(`select rowid from projects_fts where projects_fts match ?`).all(text) as { rowid: number }[]).map(
    (r) => r.rowid,
  )

describe('0008-search-postcode-equipment', () => {
  it('indexes 0007’s projects again, with their postcode and equipment, and keeps the index in step', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0007-project-details')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, client_ref, title, title_sort, postcode, system_summary, notes)
        values ('p1', 'a1', 'opensolar', 'r1', '6 Hopetoun Ave', '6', '2030', '6.6 kW · SMA Sunny Boy 5.0', 'dog');
    `)
    expect(found(sqlite, '"2030"')).toEqual([]) // not searchable before
    expect((await migrator.migrateTo('0008-search-postcode-equipment')).error).toBeUndefined()
    const [seq] = (sqlite.prepare(`select seq from projects`).all() as { seq: number }[]).map((r) => r.seq)
    expect(found(sqlite, '"2030"')).toEqual([seq])
    expect(found(sqlite, '"sunny" "boy"')).toEqual([seq])
    expect(found(sqlite, '"dog"')).toEqual([seq]) // what was searchable still is
    sqlite.prepare(`update projects set system_summary = '5 kW · Fronius Primo'`).run()
    expect(found(sqlite, '"sunny"')).toEqual([])
    expect(found(sqlite, '"fronius"')).toEqual([seq])
    sqlite.prepare(`delete from projects`).run()
    expect(found(sqlite, '"fronius"')).toEqual([])
  })
})
