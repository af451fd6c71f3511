// "Export diagnostics" gives support what they need — the app, its accounts' and queue's state, the last
// lines logged — and nothing that is the technician's to keep: no secret in any form, no customer.
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import { secretTraces } from '../../helpers/secret-traces'
import { useServices } from '../../helpers/services'

const sandboxes = useSandboxes()
const services = useServices()

describe('export diagnostics', () => {
  it('zips the state and recent log, with no secret and no customer in it', async () => {
    const s = await sandboxes({ projects: 5 })
    const t = await services({ syncTuning: { http: { retries: 0 } } })
    const { token } = DEMO_CREDENTIALS.opensolar
    const account = await t.call('accounts.save', {
      account: {
        vendor: 'opensolar',
        label: 'Harbour Solar',
        baseUrl: s.baseUrls.opensolar,
        settings: { orgId: 1 },
        secrets: { token },
      },
    })
    await t.call('sync.now', {})
    const { items } = await t.call('projects.list', { limit: 5 })
    const customer = (await t.call('projects.get', { id: items[0]!.id })).customerName!
    // A change the vendor refuses: a problem for support to see.
    s.faults.add({ vendor: 'opensolar', method: 'PATCH', status: 400 })
    await t.call('projects.update', { id: items[0]!.id, changes: { notes: 'Checked' } })
    await t.call('sync.now', {})
    const answer = await t.call('app.exportDiagnostics', {})
    expect(answer).toMatchObject({ saved: false, fileName: expect.stringMatching(/^solar-field-diagnostics-.*\.zip$/) })
    const files = unzipSync(Buffer.from(answer.base64!, 'base64'))
    expect(Object.keys(files).sort()).toEqual(['recent-log.txt', 'summary.json'])
    const summary = JSON.parse(strFromU8(files['summary.json']!)) as {
      app: { version: string; shell: string }
      accounts: { vendor: string; settings: Record<string, unknown>; origin: string }[]
      outbox: { op: string; state: string; n: number }[]
      problems: { op: string; last_error: string }[]
    }
    expect(summary.app).toMatchObject({ version: '0.0.0-test', shell: 'browser-host' })
    expect(summary.accounts).toEqual([
      expect.objectContaining({
        id: account.id,
        vendor: 'opensolar',
        settings: { orgId: 1 },
        origin: new URL(s.baseUrls.opensolar).origin,
      }),
    ])
    expect(summary.problems).toEqual([
      expect.objectContaining({ op: 'update', last_error: expect.stringMatching(/OpenSolar refused/) }),
    ])
    const log = strFromU8(files['recent-log.txt']!)
    expect(log).toMatch(/OpenSolar PATCH .* failed/)
    const all = Object.values(files)
      .map((file) => strFromU8(file))
      .join('\n')
    expect(all).not.toContain(token)
    expect(secretTraces(all, [token])).toEqual([])
    expect(all).not.toContain(customer)
  })
})
