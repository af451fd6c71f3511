import { describe, expect, it } from 'vitest'
import { readSyncState, readSyncStates, syncStateStatements, writeSyncState } from '../../../src-main/db/sync-state'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const NOW = new Date('2026-12-01T10:00:00Z')

describe('sync state', () => {
  it('reads back what was written, typed, through the query builder and the prepared statements alike', async () => {
    const { db, sqlite } = await openTestDatabase(tempDir())
    const a = await insertAccount(db)
    await writeSyncState(db, a, 'fileTags', ['Site Model', 'Roof'], NOW)
    expect(await readSyncState(db, a, 'fileTags')).toEqual({
      value: ['Site Model', 'Roof'],
      updatedAt: NOW.toISOString(),
    })
    const budget = syncStateStatements(sqlite, 'requestBudget')
    budget.write(a, { day: '2026-12-01', used: 7 }, NOW)
    expect(budget.read(a)).toEqual({ day: '2026-12-01', used: 7 })
    const all = await readSyncStates(db, ['fileTags', 'requestBudget'])
    expect([all(a, 'fileTags'), all(a, 'requestBudget'), all('other', 'fileTags')]).toEqual([
      ['Site Model', 'Roof'],
      { day: '2026-12-01', used: 7 },
      undefined,
    ])
  })

  it.each([
    ['the wrong shape (an older version’s)', '{"count":3}'],
    ['a wrong type', '{"day":"2026-12-01","used":"seven"}'],
  ])('reads a value that is %s as absent, not as a wrong value', async (_name, json) => {
    const { db, sqlite } = await openTestDatabase(tempDir())
    const a = await insertAccount(db)
    await db
      .insertInto('sync_state')
      .values({ account_id: a, key: 'request_budget', value_json: json, updated_at: 'now' })
      .execute()
    expect(await readSyncState(db, a, 'requestBudget')).toBeUndefined()
    expect(syncStateStatements(sqlite, 'requestBudget').read(a)).toBeUndefined()
  })

  it('never writes a value it would refuse to read', async () => {
    const { db } = await openTestDatabase(tempDir())
    const a = await insertAccount(db)
    await expect(writeSyncState(db, a, 'lastPull', { at: 'yesterday' }, NOW)).rejects.toThrow()
    expect(await readSyncState(db, a, 'lastPull')).toBeUndefined()
  })
})
