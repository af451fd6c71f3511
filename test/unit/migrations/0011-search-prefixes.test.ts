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

describe('0011-search-prefixes', () => {
  it('indexes 0010’s projects again with short prefixes, and re-indexes a row only when its text changed', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0010-project-remote-copies')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, client_ref, title, title_sort, customer_name, serials_inverters)
        values ('p1', 'a1', 'opensolar', 'r1', '6 Hopetoun Ave', '6', 'Smith', 'INV123');
    `)
    expect((await migrator.migrateTo('0011-search-prefixes')).error).toBeUndefined()
    const seq = (sqlite.prepare(`select seq from projects`).get() as { seq: number }).seq
    for (const typed of ['"s"*', '"sm"*', '"smi"*', '"i"*', '"6"*', '"hopetoun"'])
      expect(found(sqlite, typed)).toEqual([seq])
    const ddl = (sqlite.prepare(`select sql from sqlite_master where name = 'projects_fts'`).get() as { sql: string })
      .sql
    expect(ddl).toMatch(/prefix='1 2'/)

    // A row rewritten as it was (a pull of an unchanged project) is not indexed again…
    const segments = () => (sqlite!.prepare(`select count(*) n from projects_fts_data`).get() as { n: number }).n
    const before = segments()
    sqlite.prepare(`update projects set title = title, notes = notes, lat = 1`).run()
    expect(segments()).toBe(before)
    // …one whose text changed is, and the old words go.
    sqlite.prepare(`update projects set customer_name = 'Jones'`).run()
    expect(found(sqlite, '"smith"')).toEqual([])
    expect(found(sqlite, '"jo"*')).toEqual([seq])
    sqlite.prepare(`delete from projects`).run()
    expect(found(sqlite, '"jo"*')).toEqual([])
  })
})
