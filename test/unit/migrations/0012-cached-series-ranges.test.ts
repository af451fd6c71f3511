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

describe('0012-cached-series-ranges', () => {
  it('keeps 0011’s readings, records ranges per component, field and granularity, and finds open alerts by index', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    sqlite.pragma('foreign_keys = ON')
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0011-search-prefixes')).error).toBeUndefined()
    sqlite.exec(`
      insert into accounts (id, provider, label, base_url, created_at) values ('a1', 'locus', 'L', 'u', 'now');
      insert into projects (id, account_id, provider, remote_id, client_ref, title, title_sort) values ('s1', 'a1', 'locus', '3001', 'c1', 'Depot', 'depot');
      insert into components (id, account_id, project_id, remote_id, node_id, name, node_type, raw_json)
        values (7, 'a1', 's1', '54369', 'OP.1', 'Inverter 1', 'INVERTER', '{}');
      insert into series (component_id, field, granularity, ts, value) values (7, 'Wh_sum', 'hourly', '2026-01-01T00:00:00.000Z', 12.5);
      insert into alerts (account_id, remote_id, project_id, component_remote_id, alert_type, priority, started_at, updated_at, raw_json)
        values ('a1', '1', 's1', '54369', 'NO_DATA', 'HIGH', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '{}');
    `)
    expect((await migrator.migrateTo('0012-cached-series-ranges')).error).toBeUndefined()
    expect(sqlite.prepare('select value from series').pluck().get()).toBe(12.5)

    const record = sqlite.prepare(
      `insert into series_ranges (component_id, field, granularity, start_ms, end_ms) values (7, ?, ?, ?, ?)`,
    )
    record.run('Wh_sum', '5min', 0, 1000)
    record.run('W_avg', '5min', 0, 1000)
    record.run('Wh_sum', 'hourly', 0, 1000)
    expect(() => record.run('Wh_sum', '5min', 0, 2000)).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => record.run('Wh_sum', 'daily', 5, 5)).toThrow(/CHECK/)
    expect(() => sqlite!.prepare(`insert into series_ranges values (99, 'Wh_sum', '5min', 0, 1)`).run()).toThrow(
      /FOREIGN KEY/,
    )

    const plan = sqlite
      .prepare(`explain query plan select project_id from alerts where project_id = 's1' and ended_at is null`)
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/alerts_open/)

    // A decommissioned component takes its ranges with it.
    sqlite.prepare('delete from components where id = 7').run()
    expect(sqlite.prepare('select count(*) from series_ranges').pluck().get()).toBe(0)
  })
})
