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

describe('0014-map-areas', () => {
  it('names each offline area with what it covers, and refuses what cannot be one', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0013-project-site-links')).error).toBeUndefined()
    sqlite.exec(
      `insert into accounts (id, provider, label, base_url, created_at) values ('a', 'locus', 'L', 'u', 'now')`,
    )
    expect((await migrator.migrateTo('0014-map-areas')).error).toBeUndefined()
    expect(sqlite.prepare('select count(*) from accounts').pluck().get()).toBe(1)
    const add = sqlite.prepare(
      `insert into map_areas (id, name, source, sha256, bytes, min_zoom, max_zoom, west, south, east, north, added_at)
       values (?, 'Fresno', ?, ?, ?, 10, 15, -120, 36, -119, 37, 'now')`,
    )
    add.run('a1', 'imported', 'f'.repeat(64), 1000)
    expect(() => add.run('a2', 'downloaded', 'f'.repeat(64), 1000)).toThrow(/CHECK/)
    expect(() => add.run('a3', 'demo', 'short', 1000)).toThrow(/CHECK/)
    expect(() => add.run('a4', 'demo', 'f'.repeat(64), 0)).toThrow(/CHECK/)
    expect(() => add.run('a1', 'demo', 'f'.repeat(64), 5)).toThrow(/UNIQUE|PRIMARY/)
  })
})
