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

describe('0010-project-remote-copies', () => {
  it('moves each vendor copy out of its row, keeps the rest of the row, and removes a copy with its project', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0009-counts-and-sort-index')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, client_ref, title, title_sort, notes, remote_json, base_json)
        values ('p1', 'a1', 'opensolar', 'r1', 'One', 'one', 'n1', '{"id":1,"notes":"n1"}', '{"notes":"b"}'),
               ('p2', 'a1', 'opensolar', 'r2', 'Two', 'two', '', null, null);
    `)
    expect((await migrator.migrateTo('0010-project-remote-copies')).error).toBeUndefined()
    const columns = (sqlite.pragma('table_info(projects)') as { name: string }[]).map((c) => c.name)
    expect(columns).not.toContain('remote_json')
    expect(sqlite.prepare(`select id, notes, base_json from projects order by id`).all()).toEqual([
      { id: 'p1', notes: 'n1', base_json: '{"notes":"b"}' },
      { id: 'p2', notes: '', base_json: null },
    ])
    expect(
      sqlite.prepare(`select p.id, r.remote_json from project_remote r join projects p on p.seq = r.seq`).all(),
    ).toEqual([{ id: 'p1', remote_json: '{"id":1,"notes":"n1"}' }])
    // Search still follows the row (the FTS triggers survive the column's removal).
    sqlite.exec(`update projects set notes = 'inverter swapped' where id = 'p2'`)
    expect(sqlite.prepare(`select rowid from projects_fts where projects_fts match 'swapped'`).all()).toHaveLength(1)
    sqlite.exec(`delete from projects where id = 'p1'`)
    expect(sqlite.prepare(`select count(*) n from project_remote`).get()).toEqual({ n: 0 })
    expect(() => sqlite!.exec(`insert into project_remote (seq, remote_json) values (999, 'not json')`)).toThrow()
  })
})
