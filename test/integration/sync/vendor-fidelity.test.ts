// Sync against vendors that answer only what their docs promise: no reference
// field in Easy PV's list, titles that must survive a pull, records that cannot be stored.
import { describe, expect, it } from 'vitest'
import { contract } from '../../../src-shared/contract'
import { ProjectQueries } from '../../../src-main/projects/project-queries'
import { readSyncState } from '../../../src-main/db/sync-state'
import { useSyncSetup } from '../../helpers/sync-setup'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const { setup } = useSyncSetup()
const later = (s: Sandbox, ms = 2 * 3_600_000) => s.clock.advance(ms)
const named = (s: Sandbox, name: string) =>
  [...s.state.easypv.projects.values()].filter((p) => p.meta.projectName === name && !p.deleted)
const lostCreate = (s: Sandbox, times = 1) =>
  s.faults.add({
    vendor: 'easypv',
    method: 'POST',
    path: '/create',
    drop: 'before-response',
    afterHandler: true,
    times,
  })
const newProject = { title: '4 Lost Lane', address: '4 Lost Lane Ely', postcode: 'CB7 4AB', lat: 52.3991, lng: 0.2623 }

describe('Easy PV creates whose answer was lost (its list shows no crmReference)', () => {
  it('finds the project by what the list shows and adopts it: one project at the vendor', async () => {
    const { s, db, accountId, push, outbox, ops } = await setup('easypv', 4)
    lostCreate(s)
    const { id } = await outbox.createProject(accountId, newProject)
    await push.pushAccount(accountId)
    expect((await ops()).at(-1)?.state).toBe('sending') // in doubt
    later(s)
    await push.pushAccount(accountId)
    const atVendor = named(s, '4 Lost Lane')
    expect(atVendor).toHaveLength(1)
    const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.remote_id).toBe(String(atVendor[0]!.ID))
    expect((await ops()).every((o) => o.state === 'sent')).toBe(true)
  })

  it('never guesses between two that could be it: parks the create, saying so, and sends nothing more', async () => {
    const { s, db, accountId, push, outbox, ops } = await setup('easypv', 4)
    lostCreate(s, 2)
    await outbox.createProject(accountId, newProject)
    await outbox.createProject(accountId, newProject)
    await push.pushAccount(accountId)
    expect(named(s, '4 Lost Lane')).toHaveLength(2)
    later(s)
    await push.pushAccount(accountId)
    expect(named(s, '4 Lost Lane')).toHaveLength(2)
    const parked = (await ops()).filter((o) => o.op === 'create')
    expect(parked.map((o) => o.state)).toEqual(['parked', 'parked'])
    expect(parked[0]!.last_error).toMatch(/may already be in Easy PV.*2 projects created there since look like it/)
    expect(await db.selectFrom('projects').select('id').where('remote_id', 'is', null).execute()).toHaveLength(2)
  })

  it('a pull between the lost answer and the retry maps the project to ours instead of adding another', async () => {
    const { s, db, accountId, push, pull, outbox } = await setup('easypv', 4)
    lostCreate(s)
    const { id } = await outbox.createProject(accountId, newProject)
    await push.pushAccount(accountId)
    await pull.pullAccount(accountId, { full: true })
    const cached = await db
      .selectFrom('projects')
      .select(['id', 'remote_id'])
      .where('title', '=', '4 Lost Lane')
      .execute()
    expect(cached).toEqual([{ id, remote_id: String(named(s, '4 Lost Lane')[0]!.ID) }])
    later(s)
    await push.pushAccount(accountId)
    expect(named(s, '4 Lost Lane')).toHaveLength(1)
  })
})

describe('titles', () => {
  it('an Easy PV title edit is still there after the next pull (written to projectName, read from it)', async () => {
    const { s, db, accountId, push, pull, outbox } = await setup('easypv', 4)
    const [project] = await db.selectFrom('projects').selectAll().orderBy('seq').limit(1).execute()
    await outbox.editProject(project!.id, { title: 'Barn roof, north field' })
    await push.pushAccount(accountId)
    expect(s.state.easypv.projects.get(Number(project!.remote_id))?.meta.projectName).toBe('Barn roof, north field')
    await pull.pullAccount(accountId, { full: true })
    const after = await db
      .selectFrom('projects')
      .select('title')
      .where('id', '=', project!.id)
      .executeTakeFirstOrThrow()
    expect(after.title).toBe('Barn roof, north field')
  })
})

describe('records a vendor sends that cannot be stored', () => {
  it('are left out and reported, the rest of the pull goes on, and the project list still answers', async () => {
    const { s, db, accountId, pull } = await setup('opensolar', 30)
    const [dated, placed, typed, good] = [...s.state.opensolar.projects.values()]
    dated!.modified_date = 'yesterday'
    placed!.lat = 1000
    ;(typed as unknown as { title: unknown }).title = 42
    good!.notes = 'Changed at the office'
    const report = await pull.pullAccount(accountId, { full: true })
    expect(report.skipped).toBe(3)
    const kept = await readSyncState(db, accountId, 'skippedRecords')
    const records = (kept!.value as { records: { remoteId: string; reason: string }[] }).records
    expect(records.map((r) => r.remoteId).sort()).toEqual([dated, placed, typed].map((p) => String(p!.id)).sort())
    expect(records.find((r) => r.remoteId === String(dated!.id))?.reason).toMatch(/modified "yesterday" is not a date/)
    expect(records.find((r) => r.remoteId === String(placed!.id))?.reason).toMatch(/latitude 1000 is off the map/)
    expect(records.find((r) => r.remoteId === String(typed!.id))?.reason).toMatch(/^title: /)
    const stored = await db.selectFrom('projects').select(['remote_id', 'lat', 'modified_remote', 'notes']).execute()
    const row = (p: { id: number } | undefined) => stored.find((r) => r.remote_id === String(p!.id))!
    expect(row(placed).lat).not.toBe(1000)
    expect(row(dated).modified_remote).not.toBe('yesterday')
    expect(row(good).notes).toBe('Changed at the office')
    const page = await new ProjectQueries(db).list({ offset: 0, limit: 500, sort: 'modifiedAt', direction: 'desc' })
    expect(() => contract['projects.list'].output.parse(page)).not.toThrow()
    expect(page.total).toBe(30)
  })

  it('a vendor time without a zone is read as UTC; a record first seen broken is never stored', async () => {
    const { s, db, accountId, pull } = await setup('opensolar', 3)
    const [zoneless] = [...s.state.opensolar.projects.values()]
    zoneless!.modified_date = '2026-11-30T08:15:00'
    s.state.opensolar.projects.set(999_001, { ...zoneless!, id: 999_001, identifier: '', lon: -500 })
    const report = await pull.pullAccount(accountId, { full: true })
    expect(report.skipped).toBe(1)
    const stored = await db.selectFrom('projects').select(['remote_id', 'modified_remote']).execute()
    expect(stored.find((p) => p.remote_id === String(zoneless!.id))?.modified_remote).toBe('2026-11-30T08:15:00Z')
    expect(stored.some((p) => p.remote_id === '999001')).toBe(false)
  })
})
