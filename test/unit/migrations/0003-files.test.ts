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

/** A database at 0002 holding a project, a queued op and a conflict, then migrated to 0003. */
async function migratedFrom0002() {
  sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
  const migrator = createMigrator(db, migrations)
  expect((await migrator.migrateTo('0002-conflicts')).error).toBeUndefined()
  sqlite.exec(`
    insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
    insert into projects (id, account_id, provider, client_ref, title, title_sort) values ('p1', 'a1', 'opensolar', 'c1', '6 Hopetoun Ave', '6 hopetoun ave');
    insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at) values ('a1', 'project:p1', 'update', '{"stage":"Sold"}', 'op1', 'now', 'now');
    insert into conflicts (project_id, outbox_id, field, created_at) values ('p1', 1, 'stage', 'now');
  `)
  expect((await migrator.migrateTo('0003-files')).error).toBeUndefined()
  return sqlite
}

const attach = (db: BetterSqlite3.Database, id: string, sha256: string | null, deleted = 0) =>
  db
    .prepare(
      `insert into files (id, project_id, account_id, sha256, title, size, upload_state, created_at, deleted) values (?, 'p1', 'a1', ?, 'roof.jpg', 10, 'pending', 'now', ?)`,
    )
    .run(id, sha256, deleted)

describe('0003-files', () => {
  it('keeps 0002’s data and adds the files table', async () => {
    const db = await migratedFrom0002()
    expect(db.prepare(`select count(*) as n from outbox`).get()).toEqual({ n: 1 })
    expect(db.prepare(`select field from conflicts`).all()).toEqual([{ field: 'stage' }])
    attach(db, 'f1', 'abc')
    expect(db.prepare(`select title, tags_json, upload_state from files`).get()).toEqual({
      title: 'roof.jpg',
      tags_json: '[]',
      upload_state: 'pending',
    })
  })

  it('refuses the same bytes twice on one project, unless the first was removed', async () => {
    const db = await migratedFrom0002()
    attach(db, 'f1', 'abc')
    expect(() => attach(db, 'f2', 'abc')).toThrow(/UNIQUE/)
    db.prepare(`update files set deleted = 1 where id = 'f1'`).run()
    expect(() => attach(db, 'f3', 'abc')).not.toThrow()
    // Vendor files not downloaded yet have no hash: any number of them.
    attach(db, 'f4', null)
    attach(db, 'f5', null)
  })

  it('refuses an unknown upload state and removes a project’s files with it', async () => {
    const db = await migratedFrom0002()
    expect(() =>
      db
        .prepare(
          `insert into files (id, project_id, account_id, title, size, upload_state, created_at) values ('x', 'p1', 'a1', 't', 1, 'lost', 'now')`,
        )
        .run(),
    ).toThrow(/CHECK/)
    attach(db, 'f1', 'abc')
    db.prepare(`delete from projects where id = 'p1'`).run()
    expect(db.prepare(`select count(*) as n from files`).get()).toEqual({ n: 0 })
  })
})
