import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations/index'
import { createMigrator } from '../../../src-main/db/migrator'
import { openDatabase } from '../../../src-main/db/open-database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let sqlite: BetterSqlite3.Database | undefined
afterEach(() => sqlite?.close())

/** A database at 0015 holding two accounts' projects, with files, a site choice, a vendor copy and an open conflict. */
async function at0015(file: string) {
  sqlite = new BetterSqlite3(file)
  const migrator = createMigrator(new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }), migrations)
  expect((await migrator.migrateTo('0015-kept-map-areas')).error).toBeUndefined()
  sqlite.exec(`
    insert into accounts (id, provider, label, base_url, created_at) values
      ('a1', 'opensolar', 'North', 'u', 'now'), ('a2', 'opensolar', 'South', 'u', 'now'), ('l1', 'locus', 'Sites', 'u', 'now');
    insert into projects (id, account_id, provider, remote_id, client_ref, title, title_sort, notes, stage) values
      ('p1', 'a1', 'opensolar', '10', 'JOB-1', 'Barn roof', 'barn roof', 'inverter swapped', 'Sold'),
      ('p2', 'a2', 'opensolar', '10', 'JOB-2', 'Mill', 'mill', '', null),
      ('s1', 'l1', 'locus', '77', 'site-77', 'Mill site', 'mill site', '', null);
    insert into project_remote (seq, remote_json) select seq, '{"id":10}' from projects where id = 'p1';
    insert into files (id, project_id, account_id, title, size, upload_state, created_at)
      values ('f1', 'p1', 'a1', 'roof.jpg', 5, 'local', 'now');
    insert into project_site_choices (project_id, site_id, chosen_at) values ('p2', 's1', 'now');
    insert into conflicts (project_id, field, created_at) values ('p1', 'notes', 'now');
  `)
  return migrator
}

describe('0016-project-refs-per-account', () => {
  it('keeps every row and what refers to it, and takes the same reference in two accounts but not twice in one', async () => {
    const migrator = await at0015(path.join(tempDir(), 'm.db'))
    const seqs = sqlite!.prepare('select id, seq from projects order by id').all()
    sqlite!.pragma('foreign_keys = OFF') // as the app migrates
    expect((await migrator.migrateTo('0016-project-refs-per-account')).error).toBeUndefined()
    sqlite!.pragma('foreign_keys = ON')
    expect(sqlite!.prepare('select id, seq from projects order by id').all()).toEqual(seqs)
    expect(sqlite!.prepare('select count(*) from files').pluck().get()).toBe(1)
    expect(sqlite!.prepare('select count(*) from project_site_choices').pluck().get()).toBe(1)
    expect(sqlite!.prepare('select count(*) from conflicts').pluck().get()).toBe(1)
    expect(sqlite!.prepare('select remote_json from project_remote').pluck().get()).toBe('{"id":10}')
    // Search, counts and the list's indexes came back with the table.
    expect(sqlite!.prepare(`select rowid from projects_fts where projects_fts match 'swapped'`).all()).toHaveLength(1)
    const add = (id: string, account: string, ref: string) =>
      sqlite!
        .prepare(
          `insert into projects (id, account_id, provider, client_ref, title, title_sort, stage) values (?, ?, 'opensolar', ?, ?, ?, 'Sold')`,
        )
        .run(id, account, ref, `Job ${id}`, `job ${id}`)
    add('p3', 'a2', 'JOB-1')
    expect(() => add('p4', 'a2', 'JOB-1')).toThrow(/UNIQUE constraint failed: projects.account_id, projects.client_ref/)
    expect(
      sqlite!.prepare(`select n from project_counts where account_id = 'a2' and stage = 'Sold'`).pluck().get(),
    ).toBe(1)
    sqlite!.exec(`update projects set notes = 'new panels' where id = 'p3'`)
    expect(sqlite!.prepare(`select rowid from projects_fts where projects_fts match 'panels'`).all()).toHaveLength(1)
    const indexes = sqlite!
      .prepare(
        `select name from sqlite_schema where type = 'index' and tbl_name = 'projects' and sql is not null order by name`,
      )
      .pluck()
      .all()
    expect(indexes).toEqual([
      'projects_account',
      'projects_changed',
      'projects_locality',
      'projects_site_positions',
      'projects_stage',
      'projects_title',
    ])
    // A project deleted still takes its files and choices with it.
    sqlite!.exec(`delete from projects where id = 'p1'`)
    expect(sqlite!.prepare('select count(*) from files').pluck().get()).toBe(0)
  })

  it('refuses to run with foreign keys on, which would delete every file, choice and conflict', async () => {
    const migrator = await at0015(path.join(tempDir(), 'm.db'))
    sqlite!.pragma('foreign_keys = ON')
    expect((await migrator.migrateTo('0016-project-refs-per-account')).error).toBeInstanceOf(Error)
    expect(sqlite!.prepare('select count(*) from files').pluck().get()).toBe(1)
    expect(sqlite!.prepare('select count(*) from projects').pluck().get()).toBe(3)
  })

  it('runs with foreign keys off when the app opens the database, so nothing that refers to a project is lost', async () => {
    const file = path.join(tempDir(), 'app.db')
    await at0015(file)
    sqlite!.close()
    sqlite = undefined
    const opened = await openDatabase(file, { migrations })
    try {
      expect(opened.schemaVersion).toBe('0016-project-refs-per-account')
      expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(opened.sqlite.prepare('select count(*) from files').pluck().get()).toBe(1)
      expect(opened.sqlite.prepare('select count(*) from project_site_choices').pluck().get()).toBe(1)
    } finally {
      await opened.close()
    }
  })
})
