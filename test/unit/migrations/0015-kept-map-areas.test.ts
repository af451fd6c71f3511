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

describe('0015-kept-map-areas', () => {
  it('keeps 0014’s areas and takes areas kept around the projects, still refusing other kinds', async () => {
    sqlite = new BetterSqlite3(path.join(tempDir(), 'm.db'))
    const migrator = createMigrator(
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
      migrations,
    )
    expect((await migrator.migrateTo('0014-map-areas')).error).toBeUndefined()
    const add = (id: string, source: string) =>
      sqlite!
        .prepare(
          `insert into map_areas (id, name, source, sha256, bytes, min_zoom, max_zoom, west, south, east, north, added_at)
           values (?, 'A', ?, ?, 10, 10, 15, -1, -1, 1, 1, 'now')`,
        )
        .run(id, source, 'a'.repeat(64))
    add('demo-streets-2', 'demo')
    expect(() => add('kept', 'kept')).toThrow(/CHECK/)
    expect((await migrator.migrateTo('0015-kept-map-areas')).error).toBeUndefined()
    expect(sqlite.prepare('select id, source from map_areas').all()).toEqual([{ id: 'demo-streets-2', source: 'demo' }])
    add('kept-around-projects', 'kept')
    expect(() => add('x', 'downloaded')).toThrow(/CHECK/)
    expect(sqlite.prepare('select count(*) from map_areas').pluck().get()).toBe(2)
  })
})
