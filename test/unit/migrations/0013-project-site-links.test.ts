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

describe('0013-project-site-links', () => {
  it('keeps a choice per project (a site or none), gone with either, and finds sites near a point by index', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0012-cached-series-ranges')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a', 'aurora', 'A', 'u', 'now'), ('l', 'locus', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, client_ref, title, title_sort, lat, lng)
        values ('design', 'a', 'aurora', 'r1', '12 Maple Ave', '12', 36.7, -119.7),
               ('site', 'l', 'locus', 'r2', 'Maple Residence', 'maple', 36.7001, -119.7001),
               ('other', 'a', 'aurora', 'r3', '14 Maple Ave', '14', 36.7, -119.7);
    `)
    expect((await migrator.migrateTo('0013-project-site-links')).error).toBeUndefined()
    const choose = sqlite.prepare(
      `insert into project_site_choices (project_id, site_id, chosen_at) values (?, ?, 'now')`,
    )
    choose.run('design', 'site')
    choose.run('other', null)
    expect(() => choose.run('design', null)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => choose.run('nope', 'site')).toThrow(/FOREIGN KEY/)

    const plan = sqlite
      .prepare(
        `explain query plan select id from projects where provider = 'locus' and deleted = 0 and lat is not null
         and lat between 36.69 and 36.71 and lng between -119.71 and -119.69`,
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/projects_site_positions/)

    // The site gone (decommissioned): the choice that named it goes too; "none" stays.
    sqlite.prepare(`delete from projects where id = 'site'`).run()
    expect(sqlite.prepare('select project_id, site_id from project_site_choices').all()).toEqual([
      { project_id: 'other', site_id: null },
    ])
  })
})
