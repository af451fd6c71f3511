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

describe('0006-outbox-waiting-for', () => {
  it('keeps 0005’s waiting ops (no reason known) and takes only the two reasons', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0005-outbox-in-flight')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into outbox (account_id, entity_key, op, payload_json, client_op_id, next_attempt_at, created_at, updated_at)
        values ('a1', 'project:p1', 'update', '{"notes":"x"}', 'op1', '2026-12-03T10:00:00Z', 'now', 'now');
    `)
    expect((await migrator.migrateTo('0006-outbox-waiting-for')).error).toBeUndefined()
    expect(sqlite.prepare(`select next_attempt_at, waiting_for from outbox`).get()).toEqual({
      next_attempt_at: '2026-12-03T10:00:00Z',
      waiting_for: null,
    })
    sqlite.prepare(`update outbox set waiting_for = 'vendor_limit'`).run()
    expect(() => sqlite!.prepare(`update outbox set waiting_for = 'whenever'`).run()).toThrow(/CHECK/)
  })
})
