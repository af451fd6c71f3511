import { describe, expect, it } from 'vitest'
import { writeSyncState } from '../../../src-main/db/sync-state'
import { SyncStatusService } from '../../../src-main/sync/sync-status'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

describe('SyncStatusService', () => {
  it('summarises the outbox per account and in total', async () => {
    const opened = await openTestDatabase(tempDir())
    const os = await insertAccount(opened.db, { provider: 'opensolar', label: 'OS' })
    const pv = await insertAccount(opened.db, { provider: 'easypv', label: 'PV' })
    const states = ['queued', 'queued', 'sending', 'failed', 'parked', 'conflict', 'sent'] as const
    await opened.db
      .insertInto('outbox')
      .values(
        states.map((state, i) => ({
          account_id: i < 5 ? os : pv,
          entity_key: `project:${i}`,
          op: 'update' as const,
          payload_json: '{}',
          client_op_id: `op${i}`,
          state,
          created_at: 'now',
          updated_at: 'now',
        })),
      )
      .execute()
    await opened.db.updateTable('accounts').set({ needs_sign_in: 1 }).where('id', '=', pv).execute()
    const status = await new SyncStatusService(opened.db, () => new Date('2026-11-25T12:00:00Z')).read()
    expect(status.accounts.map((a) => [a.label, a.queued, a.sending, a.failed, a.conflicts, a.needsSignIn])).toEqual([
      ['OS', 2, 1, 2, 0, false],
      ['PV', 0, 0, 0, 1, true],
    ])
    expect(status.totals).toEqual({ queued: 3, failed: 2, conflicts: 1 })
    await opened.close()
  })

  it('shows the OpenSolar daily budget, fresh again on a new day', async () => {
    const opened = await openTestDatabase(tempDir())
    const os = await insertAccount(opened.db, { provider: 'opensolar' })
    await insertAccount(opened.db, { provider: 'aurora' })
    await writeSyncState(opened.db, os, 'requestBudget', { day: '2026-11-25', used: 188 }, new Date())
    let now = new Date('2026-11-25T23:59:00Z')
    const service = new SyncStatusService(opened.db, () => now)
    expect((await service.read()).accounts.map((a) => a.budget)).toEqual([{ remaining: 812, limit: 1000 }, null])
    now = new Date('2026-11-26T00:01:00Z')
    expect((await service.read()).accounts[0]?.budget).toEqual({ remaining: 1000, limit: 1000 })
    await opened.close()
  })
})
