import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { migrations } from '../../../migrations'
import { DatabaseOpenError, openDatabase, quarantineDatabase } from '../../../src-main/db/open-database'
import { useTempDirs } from '../../helpers/temp-dir'
import { checkIfDue } from '../../../src-main/db/integrity-check'
import type { Logger } from '../../../src-main/logging/logger'
import { SyncStatusService } from '../../../src-main/sync/sync-status'
import { insertAccount, insertProject, openTestDatabase } from '../../helpers/database'

const tempDir = useTempDirs()

async function expectOpenError(file: string, problem: DatabaseOpenError['problem']): Promise<DatabaseOpenError> {
  const error = await openDatabase(file, { migrations }).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DatabaseOpenError)
  expect((error as DatabaseOpenError).problem).toBe(problem)
  return error as DatabaseOpenError
}

describe('openDatabase', () => {
  it('creates a migrated database in WAL mode with foreign keys on', async () => {
    const dir = tempDir()
    const opened = await openTestDatabase(path.join(dir, 'nested', 'folder'))
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(opened.schemaVersion).toBe(Object.keys(migrations).sort().at(-1))
    await opened.close()
  })

  it('reopens an existing database without re-running migrations', async () => {
    const dir = tempDir()
    const first = await openTestDatabase(dir)
    const accountId = await insertAccount(first.db)
    await first.close()
    const second = await openTestDatabase(dir)
    const accounts = await second.db.selectFrom('accounts').select('id').execute()
    expect(accounts.map((a) => a.id)).toEqual([accountId])
    await second.close()
  })

  it('refuses a file that is not a database, naming the file and what to do', async () => {
    const file = path.join(tempDir(), 'solar-field.db')
    fs.writeFileSync(file, 'this is a photo of a meter box, not a database'.repeat(100))
    const error = await expectOpenError(file, 'not_a_database')
    expect(error.message).toContain(file)
    expect(error.message).toMatch(/Move it aside/)
    // Nothing was written over the file.
    expect(fs.readFileSync(file, 'utf8')).toContain('photo of a meter box')
  })

  it('refuses a database whose pages are damaged, and leaves it untouched', async () => {
    const dir = tempDir()
    const opened = await openTestDatabase(dir)
    const accountId = await insertAccount(opened.db)
    for (let i = 0; i < 300; i++) {
      await opened.db
        .insertInto('sync_state')
        .values({
          account_id: accountId,
          key: `k${i}`,
          value_json: JSON.stringify({ pad: 'x'.repeat(400) }),
          updated_at: 'now',
        })
        .execute()
    }
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    await opened.close()
    const file = path.join(dir, 'test.db')
    const bytes = fs.readFileSync(file)
    const pageSize = bytes.readUInt16BE(16)
    // Overwrite pages in the middle of the file (a torn write / bad sector), keeping the header valid.
    bytes.fill(0xa5, pageSize * 3, pageSize * 6)
    fs.writeFileSync(file, bytes)
    const before = fs.readFileSync(file)
    const error = await expectOpenError(file, 'corrupt')
    expect(error.message).toMatch(/damaged/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('opens a large database on quick signals, and its full check in the background finds the damage', async () => {
    const { file, damage } = await paddedDatabase()
    damage()
    // Above the size checked at open: it opens (the check would read every page, at every start)…
    const opened = await openDatabase(file, { migrations, fullCheckUpToBytes: 0 })
    expect(opened.checkedAtOpen).toBe(false)
    const now = () => new Date('2026-12-03T12:00:00Z')
    const log = { info: () => undefined, warn: () => undefined, error: vi.fn() } as unknown as Logger
    // …and the background check, on its own connection in a worker thread, finds it and says so.
    const result = await checkIfDue({ db: opened.db, file, now, log })
    expect(result!.problems.length).toBeGreaterThan(0)
    expect(log.error).toHaveBeenCalled()
    const status = await new SyncStatusService(opened.db, now).read()
    expect(status.databaseProblem).toMatch(/reported damage/)
    // Once a day, not at every start.
    expect(
      await checkIfDue({ db: opened.db, file, now, log, check: () => Promise.reject(new Error('ran')) }),
    ).toBeNull()
    await opened.close()
  })

  it('finds a sound large database sound in the background, and the status says nothing', async () => {
    const { file } = await paddedDatabase()
    const opened = await openDatabase(file, { migrations, fullCheckUpToBytes: 0 })
    const now = () => new Date('2026-12-03T12:00:00Z')
    const log = { info: vi.fn(), warn: () => undefined, error: vi.fn() } as unknown as Logger
    expect(await checkIfDue({ db: opened.db, file, now, log })).toMatchObject({ problems: [] })
    expect((await new SyncStatusService(opened.db, now).read()).databaseProblem).toBeNull()
    expect(log.error).not.toHaveBeenCalled()
    await opened.close()
  })

  it('refuses, on quick signals, a large database cut short', async () => {
    const { file } = await paddedDatabase()
    const bytes = fs.readFileSync(file)
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4 * bytes.readUInt16BE(16)))
    const error = await openDatabase(file, { migrations, fullCheckUpToBytes: 0 }).then(
      () => null,
      (e: unknown) => e,
    )
    expect((error as DatabaseOpenError).problem).toBe('corrupt')
  })

  it('refuses a database written by a newer version of the app', async () => {
    const dir = tempDir()
    const newer = await openDatabase(path.join(dir, 'test.db'), {
      migrations: { ...migrations, '9999-from-the-future': { up: async () => undefined } },
    })
    await newer.close()
    await expectOpenError(path.join(dir, 'test.db'), 'too_new')
  })

  it('reports an unwritable location clearly', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'blocker'), '')
    await expectOpenError(path.join(dir, 'blocker', 'solar-field.db'), 'unwritable')
  })
})

/** A database of a few hundred pages of project notes, checkpointed and closed; `damage` overwrites some. */
async function paddedDatabase() {
  const dir = tempDir()
  const opened = await openTestDatabase(dir)
  const accountId = await insertAccount(opened.db)
  for (let i = 0; i < 300; i++)
    await insertProject(opened.db, accountId, { title: `${i} Long Notes Rd`, notes: `site visit ${i} `.repeat(60) })
  opened.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  await opened.close()
  const file = path.join(dir, 'test.db')
  return {
    file,
    damage: () => {
      const bytes = fs.readFileSync(file)
      const pageSize = bytes.readUInt16BE(16)
      // Pages near the end (the projects' notes and search index): nothing opening the database, or the status, reads.
      const pages = bytes.length / pageSize
      bytes.fill(0xa5, pageSize * (pages - 6), pageSize * (pages - 3))
      fs.writeFileSync(file, bytes)
    },
  }
}

describe('quarantineDatabase', () => {
  it('moves the database and its WAL aside, keeping them for recovery', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'solar-field.db')
    for (const suffix of ['', '-wal', '-shm']) fs.writeFileSync(file + suffix, suffix || 'main')
    const kept = quarantineDatabase(file, new Date('2026-11-25T10:00:00Z'))
    expect(kept).toBe(`${file}.damaged-2026-11-25T10-00-00-000Z`)
    expect(fs.existsSync(file)).toBe(false)
    expect(fs.readFileSync(kept, 'utf8')).toBe('main')
    expect(fs.readFileSync(`${kept}-wal`, 'utf8')).toBe('-wal')
    // A fresh database can now be created in its place.
    const fresh = await openDatabase(file, { migrations })
    await fresh.close()
  })
})
