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

describe('0007-project-details', () => {
  it('keeps 0006’s projects (the new fields empty) and takes usage as JSON only', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0006-outbox-waiting-for')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, client_ref, title, title_sort) values ('p1', 'a1', 'opensolar', 'r1', '6 Hopetoun Ave', '6 hopetoun ave');
    `)
    expect((await migrator.migrateTo('0007-project-details')).error).toBeUndefined()
    expect(sqlite.prepare(`select title, usage_json, build_date, mailing_address from projects`).get()).toEqual({
      title: '6 Hopetoun Ave',
      usage_json: null,
      build_date: null,
      mailing_address: null,
    })
    sqlite.prepare(`update projects set usage_json = '{"usage_data_source":"kwh_annual","values":7300}'`).run()
    expect(() => sqlite!.prepare(`update projects set usage_json = 'lots'`).run()).toThrow(/CHECK/)
  })
})
