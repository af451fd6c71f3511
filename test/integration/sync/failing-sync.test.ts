// A sync that keeps failing must not spend the vendor's budget repeating itself, and
// the status says what happened per account.
import { describe, expect, it } from 'vitest'
import { SyncService } from '../../../src-main/sync/sync-service'
import { SyncStatusService } from '../../../src-main/sync/sync-status'
import { recordingLogger } from '../../helpers/logger'
import { useSyncSetup } from '../../helpers/sync-setup'

const { setup } = useSyncSetup()

async function service(vendor: 'opensolar' = 'opensolar') {
  const ctx = await setup(vendor, 30)
  const now = () => new Date(ctx.s.clock.nowMs())
  const sync = new SyncService({
    db: ctx.db,
    push: ctx.push,
    pull: ctx.pull,
    publish: async () => {},
    log: recordingLogger(),
    now,
  })
  const status = new SyncStatusService(ctx.db, now)
  const account = async () => (await status.read()).accounts.find((a) => a.accountId === ctx.accountId)!
  const requests = () => ctx.s.log.all({ vendor: 'opensolar' }).length
  return { ...ctx, sync, account, requests }
}

describe('a pull that keeps failing', () => {
  it('waits longer after each failure instead of repeating on every tick; Sync now still tries', async () => {
    const { s, sync, accountId, account, requests } = await service()
    s.faults.add({ vendor: 'opensolar', method: 'GET', status: 500 })
    expect((await sync.syncAccount(accountId)).error).toMatch(/OpenSolar had a problem \(HTTP 500\)/)
    const spent = requests()
    expect(spent).toBeGreaterThan(0)
    expect(await account()).toMatchObject({
      lastSync: { reachable: false, error: expect.stringMatching(/HTTP 500/) },
      pullWaitsUntil: expect.any(String),
    })
    // The timer's next ticks: nothing sent while the pull waits.
    s.clock.advance(60_000)
    expect((await sync.syncAccount(accountId)).pullWaitsUntil).toBeDefined()
    expect(requests()).toBe(spent)
    // Due again after 5 minutes; after a second failure it waits 10.
    s.clock.advance(5 * 60_000)
    await sync.syncAccount(accountId)
    expect(requests()).toBeGreaterThan(spent)
    const waits = Date.parse((await account()).pullWaitsUntil!) - s.clock.nowMs()
    expect(Math.round(waits / 1000)).toBe(600)
    // The technician asks: it is tried now, and once it works the waiting is over.
    s.faults.clear()
    const manual = await sync.syncAccount(accountId, { manual: true })
    expect(manual).toMatchObject({ pulled: true, error: null })
    expect(await account()).toMatchObject({
      lastSync: { reachable: true, error: null },
      lastSuccessAt: expect.any(String),
      pullWaitsUntil: null,
    })
  })

  it('a sign-in refused while pulling holds the account: nothing more is sent until sign-in', async () => {
    const { s, db, sync, accountId, account, requests } = await service()
    s.faults.add({ vendor: 'opensolar', status: 401 })
    await sync.syncAccount(accountId)
    expect((await account()).needsSignIn).toBe(true)
    const spent = requests()
    s.clock.advance(24 * 3_600_000)
    await sync.syncAccount(accountId)
    expect(requests()).toBe(spent)
    s.faults.clear()
    await db.updateTable('accounts').set({ needs_sign_in: 0 }).execute()
    expect((await sync.syncAccount(accountId)).pulled).toBe(true)
  })
})
