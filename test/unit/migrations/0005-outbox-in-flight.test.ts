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

describe('0005-outbox-in-flight', () => {
  it('keeps 0004’s queued ops and lets an op remember what it sent, as JSON only', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0004-monitoring')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'opensolar', 'L', 'u', 'now');
      insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at) values ('a1', 'project:p1', 'update', '{"notes":"x"}', 'op1', 'now', 'now');
    `)
    expect((await migrator.migrateTo('0005-outbox-in-flight')).error).toBeUndefined()
    expect(sqlite.prepare(`select payload_json, in_flight_json from outbox`).get()).toEqual({
      payload_json: '{"notes":"x"}',
      in_flight_json: null,
    })
    sqlite.prepare(`update outbox set in_flight_json = '{"notes":"x"}'`).run()
    expect(() => sqlite!.prepare(`update outbox set in_flight_json = 'not json'`).run()).toThrow(/CHECK/)
  })
})
