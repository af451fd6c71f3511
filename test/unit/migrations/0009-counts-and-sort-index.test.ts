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

async function at0008() {
  sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
  sqlite.pragma('foreign_keys = ON')
  const migrator = createMigrator(new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }), migrations)
  expect((await migrator.migrateTo('0008-search-postcode-equipment')).error).toBeUndefined()
  sqlite.exec(`
    insert into accounts (id, provider, label, base_url, created_at) values
      ('a1', 'opensolar', 'L', 'u', 'now'), ('a2', 'easypv', 'E', 'u', 'now');
  `)
  return {
    db: sqlite,
    migrate: async () => expect((await migrator.migrateTo('0009-counts-and-sort-index')).error).toBeUndefined(),
  }
}

let n = 0
function project(db: BetterSqlite3.Database, account: string, stage: string | null, deleted = 0) {
  const id = `p${++n}`
  db.prepare(
    `insert into projects (id, account_id, provider, client_ref, title, title_sort, stage, deleted)
     values (?, ?, (select provider from accounts where id = ?), ?, 't', 't', ?, ?)`,
  ).run(id, account, account, `ref-${id}`, stage, deleted)
  return id
}
function op(db: BetterSqlite3.Database, account: string, state: string) {
  db.prepare(
    `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, state, created_at, updated_at)
     values (?, 'project:x', 'update', '{}', ?, ?, 'now', 'now')`,
  ).run(account, `op-${++n}`, state)
}

const kept = (db: BetterSqlite3.Database) =>
  db.prepare(`select account_id, provider, stage, n from project_counts where n > 0 order by 1, 2, 3`).all()
const recounted = (db: BetterSqlite3.Database) =>
  db
    .prepare(
      `select account_id, provider, coalesce(stage, '') stage, count(*) n from projects where deleted = 0
       group by 1, 2, 3 order by 1, 2, 3`,
    )
    .all()
const keptOutbox = (db: BetterSqlite3.Database) =>
  db.prepare(`select account_id, state, n from outbox_counts where n > 0 order by 1, 2`).all()
const recountedOutbox = (db: BetterSqlite3.Database) =>
  db.prepare(`select account_id, state, count(*) n from outbox group by 1, 2 order by 1, 2`).all()

describe('0009-counts-and-sort-index', () => {
  it('counts 0008’s projects and ops as they are, leaving deleted projects out', async () => {
    const { db, migrate } = await at0008()
    project(db, 'a1', 'Lead')
    project(db, 'a1', 'Lead')
    project(db, 'a1', null)
    project(db, 'a1', 'Lead', 1)
    project(db, 'a2', 'Quote')
    op(db, 'a1', 'queued')
    op(db, 'a1', 'sent')
    op(db, 'a1', 'sent')
    await migrate()
    expect(kept(db)).toEqual([
      { account_id: 'a1', provider: 'opensolar', stage: '', n: 1 },
      { account_id: 'a1', provider: 'opensolar', stage: 'Lead', n: 2 },
      { account_id: 'a2', provider: 'easypv', stage: 'Quote', n: 1 },
    ])
    expect(keptOutbox(db)).toEqual([
      { account_id: 'a1', state: 'queued', n: 1 },
      { account_id: 'a1', state: 'sent', n: 2 },
    ])
  })

  // Each change a row can go through, and the counts after it still equal a count of the table.
  it.each([
    ['a new project', (db: BetterSqlite3.Database) => project(db, 'a1', 'Sold')],
    ['a stage set', (db: BetterSqlite3.Database) => db.exec(`update projects set stage = 'Sold' where id = 'keep'`)],
    ['a stage cleared', (db: BetterSqlite3.Database) => db.exec(`update projects set stage = null where id = 'keep'`)],
    ['a delete marked', (db: BetterSqlite3.Database) => db.exec(`update projects set deleted = 1 where id = 'keep'`)],
    ['a delete undone', (db: BetterSqlite3.Database) => db.exec(`update projects set deleted = 0 where id = 'gone'`)],
    ['a row removed', (db: BetterSqlite3.Database) => db.exec(`delete from projects where id = 'keep'`)],
    [
      'a removed row that was marked deleted',
      (db: BetterSqlite3.Database) => db.exec(`delete from projects where id = 'gone'`),
    ],
    ['an account removed (cascade)', (db: BetterSqlite3.Database) => db.exec(`delete from accounts where id = 'a1'`)],
    [
      'an edit that changes no counted column',
      (db: BetterSqlite3.Database) => db.exec(`update projects set notes = 'n'`),
    ],
  ])('keeps project counts through %s', async (_name, change) => {
    const { db, migrate } = await at0008()
    await migrate()
    db.prepare(
      `insert into projects (id, account_id, provider, client_ref, title, title_sort, stage) values ('keep', 'a1', 'opensolar', 'r1', 't', 't', 'Lead')`,
    ).run()
    db.prepare(
      `insert into projects (id, account_id, provider, client_ref, title, title_sort, stage, deleted) values ('gone', 'a1', 'opensolar', 'r2', 't', 't', 'Lead', 1)`,
    ).run()
    project(db, 'a2', null)
    change(db)
    expect(kept(db)).toEqual(recounted(db))
  })

  it.each([
    ['queued', (db: BetterSqlite3.Database) => op(db, 'a1', 'queued')],
    ['sent', (db: BetterSqlite3.Database) => db.exec(`update outbox set state = 'sent' where state = 'sending'`)],
    ['parked', (db: BetterSqlite3.Database) => db.exec(`update outbox set state = 'parked' where state = 'queued'`)],
    ['coalesced away', (db: BetterSqlite3.Database) => db.exec(`delete from outbox where state = 'queued'`)],
    ['retried (no state change)', (db: BetterSqlite3.Database) => db.exec(`update outbox set attempts = attempts + 1`)],
  ])('keeps outbox counts through an op %s', async (_name, change) => {
    const { db, migrate } = await at0008()
    await migrate()
    op(db, 'a1', 'queued')
    op(db, 'a1', 'sending')
    op(db, 'a2', 'queued')
    change(db)
    expect(keptOutbox(db)).toEqual(recountedOutbox(db))
  })

  // The list's orders as project-queries writes them: each read off an index, never a sort of the table.
  it.each([
    ['projects_title', 'title_sort, id'],
    ['projects_locality', 'locality desc, id desc'],
    ['projects_stage', `stage is null, coalesce(stage, ''), id`],
    [
      'projects_changed',
      `coalesce(modified_local, modified_remote) is not null desc,
       coalesce(modified_local, modified_remote, '') desc, id desc`,
    ],
  ])('reads a page of the list off %s', async (index, order) => {
    const { db, migrate } = await at0008()
    await migrate()
    const plan = db
      .prepare(
        `explain query plan select id, title from projects where deleted = 0 order by ${order} limit 50 offset 900`,
      )
      .all() as { detail: string }[]
    const detail = plan.map((p) => p.detail).join('\n')
    expect(detail).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`))
    expect(detail).not.toMatch(/TEMP B-TREE/)
  })
})
