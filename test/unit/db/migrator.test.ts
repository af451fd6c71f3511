import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations'
import { DatabaseOpenError, openDatabase } from '../../../src-main/db/open-database'
import { MIGRATION_TABLE } from '../../../src-main/db/migrator'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

const tables = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true })
  const names = (
    db.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[]
  ).map((r) => r.name)
  db.close()
  return names
}

describe('migrator', () => {
  it('records each applied migration once', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'm.db')
    for (let i = 0; i < 2; i++) await (await openDatabase(file, { migrations })).close()
    const db = new BetterSqlite3(file, { readonly: true })
    const applied = db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all()
    db.close()
    expect(applied).toEqual(
      Object.keys(migrations)
        .sort()
        .map((name) => ({ name })),
    )
  })

  it('rolls a failing migration back completely, leaving the previous schema and data', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'm.db')
    const first = await openDatabase(file, { migrations })
    await first.db
      .insertInto('accounts')
      .values({ id: 'a1', provider: 'locus', label: 'kept', base_url: 'x', created_at: 'now' })
      .execute()
    await first.close()
    const before = tables(file)

    const failing = {
      ...migrations,
      '9000-half-done': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute()
          await sql`update accounts set label = 'changed'`.execute(db)
          throw new Error('disk full')
        },
      },
    }
    const error = await openDatabase(file, { migrations: failing }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect((error as DatabaseOpenError).problem).toBe('migration_failed')
    expect((error as Error).message).toContain('9000-half-done')

    expect(tables(file)).toEqual(before)
    const again = await openDatabase(file, { migrations })
    const account = await again.db.selectFrom('accounts').select('label').executeTakeFirstOrThrow()
    expect(account.label).toBe('kept')
    await again.close()
  })
})
