// Main tells the windows what each write changed, before it answers (so a window can wait for what it
// shows to be read again), and what a sync changed; a read tells nothing.
import { describe, expect, it } from 'vitest'
import type { DataChanged } from '../../../src-shared/contract'
import { useSandboxes } from '../../helpers/sandbox'
import { useServices } from '../../helpers/services'

const sandboxes = useSandboxes()
const services = useServices()

const changes = (events: { event: string; payload: unknown }[]) =>
  events.filter((e) => e.event === 'data.changed').map((e) => e.payload as DataChanged)

describe('data.changed', () => {
  it('names the kinds of data and the project a write changed, and is sent before the answer', async () => {
    const s = await sandboxes({ projects: 20, sites: 1 })
    const t = await services({ demo: true, sandboxOrigin: s.origin })
    const target = (await t.call('projects.list', { limit: 500 })).items.find((p) => p.vendor === 'opensolar')
    t.events.length = 0

    let seenBeforeAnswer: DataChanged[] = []
    const answered = t.call('projects.update', { id: target!.id, changes: { notes: 'Inverter fan cleaned' } })
    // The dispatcher tells the windows synchronously once the handler is done, before the answer resolves.
    await answered.then(() => (seenBeforeAnswer = changes(t.events)))
    expect(seenBeforeAnswer).toEqual([
      { domains: expect.arrayContaining(['projects', 'outbox', 'sync']) as string[], projectIds: [target!.id] },
    ])

    t.events.length = 0
    await t.call('projects.get', { id: target!.id })
    await t.call('outbox.list', {})
    expect(changes(t.events)).toEqual([])

    const created = await t.call('projects.create', {
      accountId: (await t.call('accounts.list', {})).items.find((a) => a.vendor === 'opensolar')!.id,
      fields: { title: '7 Quarry Road' },
    })
    expect(changes(t.events).at(-1)).toMatchObject({ projectIds: [created.id] })
  })

  it('tells the windows what a sync brought back', async () => {
    const s = await sandboxes({ projects: 20, sites: 1 })
    const t = await services({ demo: true, sandboxOrigin: s.origin })
    t.events.length = 0
    await t.call('sync.now', {})
    const told = changes(t.events)
    expect(told.length).toBeGreaterThan(0)
    expect(told.some((c) => c.domains.includes('projects') && c.projectIds === null)).toBe(true)
  })
})
