// Quitting while a sync is sending: the requests in flight are aborted, closing takes seconds at most
// (not until the vendor answers), the outbox is left as a kill would leave it, and the next start
// finishes the job exactly once.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations'
import { openDatabase } from '../../../src-main/db/open-database'
import { DATABASE_FILE } from '../../../src-main/composition'
import { openSolarAccount, useSandboxes } from '../../helpers/sandbox'
import { useServices } from '../../helpers/services'

const sandboxes = useSandboxes()
const services = useServices()

const until = async (what: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !what();) {
    if (Date.now() > end) throw new Error('waited too long')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('quitting during a sync', () => {
  it('aborts what is in flight, closes within seconds, and the next start sends each change once', async () => {
    const s = await sandboxes({ projects: 4 })
    const first = await services({ syncTuning: { http: { retries: 1, minBackoffMs: 10, maxBackoffMs: 20 } } })
    const { id: accountId } = await first.call('accounts.save', { account: openSolarAccount(s) })
    await first.call('sync.now', {})
    const { id } = await first.call('projects.create', { accountId, fields: { title: '1 Quit Lane' } })
    // The vendor takes its time over the create: the app is closed while it is on its way.
    s.faults.add({ vendor: 'opensolar', method: 'POST', path: '/projects/$', latencyMs: 1_500, times: 1 })
    const syncing = first.services.sync.syncAll()
    await until(() => s.log.all({ vendor: 'opensolar', method: 'POST' }).length > 0)
    const started = Date.now()
    await first.services.close()
    expect(Date.now() - started).toBeLessThan(3_000)
    expect((await syncing)[0]?.error).toMatch(/closing/)

    // As a kill would leave it: the create in doubt, to be looked for before it is sent again.
    const file = path.join(first.dataDir, DATABASE_FILE)
    const opened = await openDatabase(file, { migrations })
    const ops = await opened.db.selectFrom('outbox').select(['op', 'state']).where('op', '=', 'create').execute()
    await opened.close()
    expect(ops).toEqual([{ op: 'create', state: 'sending' }])

    // The vendor made the project after all (it had the request); the next start finds it, sends nothing twice.
    const made = () => [...s.state.opensolar.projects.values()].filter((p) => p.title === '1 Quit Lane')
    await until(() => made().length === 1)
    const next = await services({ dataDir: first.dataDir })
    await next.call('sync.now', {})
    await next.call('sync.now', {})
    expect(made()).toHaveLength(1)
    expect((await next.call('projects.get', { id })).remoteId).toBe(String(made()[0]!.id))
    expect((await next.call('sync.getStatus', {})).totals).toMatchObject({ queued: 0, failed: 0 })
  })
})
