// A solarfield://project/<vendor>/<id> link opens that project in the window, from the vendor's id.
import { describe, expect, it } from 'vitest'
import { openSolarAccount, useSandboxes } from '../../helpers/sandbox'
import { useServices } from '../../helpers/services'

const sandboxes = useSandboxes()
const services = useServices()

describe('a link to a project', () => {
  it('tells the window to open it, and says when it is not on this computer', async () => {
    const s = await sandboxes({ projects: 3 })
    const t = await services()
    await t.call('accounts.save', { account: openSolarAccount(s) })
    await t.call('sync.now', {})
    const [first] = (await t.call('projects.list', { limit: 5 })).items
    const { remoteId } = await t.call('projects.get', { id: first!.id })
    expect(await t.services.openLink({ vendor: 'opensolar', remoteId: remoteId! })).toBe(true)
    expect(t.events.filter((e) => e.event === 'app.command').map((e) => e.payload)).toEqual([
      { command: 'openProject', projectId: first!.id },
    ])
    expect(await t.services.openLink({ vendor: 'aurora', remoteId: remoteId! })).toBe(false)
  })
})
