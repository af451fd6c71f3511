import { describe, expect, it } from 'vitest'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { ConflictResolver } from '../../../src-main/sync/conflicts/conflict-resolver'
import { Outbox } from '../../../src-main/sync/outbox/outbox'
import { OutboxActions } from '../../../src-main/sync/outbox/outbox-actions'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { DELETED_REMOTELY, PushEngine } from '../../../src-main/sync/push/push-engine'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

async function setup() {
  const s = await sandboxes({ projects: 6 })
  const { db, sqlite } = await openTestDatabase(tempDir())
  const accountId = await insertAccount(db, { id: 'os', provider: 'opensolar' })
  const now = () => new Date(s.clock.nowMs())
  const client = new OpenSolarClient({
    baseUrl: s.baseUrls.opensolar,
    orgId: 1,
    token: () => DEMO_CREDENTIALS.opensolar.token,
    http: { minBackoffMs: 2, maxBackoffMs: 5, retries: 1 },
  })
  await new PullEngine({ db, sqlite, providerFor: () => client, now }).pullAccount(accountId)
  const push = () => new PushEngine({ db, providerFor: () => client, now }).pushAccount(accountId)
  const remote = [...s.state.opensolar.projects.values()][0]!
  const local = await db
    .selectFrom('projects')
    .selectAll()
    .where('remote_id', '=', String(remote.id))
    .executeTakeFirstOrThrow()
  const project = () => db.selectFrom('projects').selectAll().where('id', '=', local.id).executeTakeFirst()
  return {
    s,
    db,
    push,
    remote,
    local,
    project,
    outbox: new Outbox(db, now),
    actions: new OutboxActions(db, now),
    conflicts: new ConflictResolver(db, now),
  }
}

async function conflicted(setupResult: Awaited<ReturnType<typeof setup>>) {
  const { outbox, local, remote, push, conflicts } = setupResult
  await outbox.editProject(local.id, { notes: 'Mine' })
  remote.notes = 'Theirs'
  await push()
  const [conflict] = await conflicts.list(local.id)
  return conflict!
}

describe('resolving conflicts', () => {
  it('lists a conflict with all three values', async () => {
    const ctx = await setup()
    expect(await conflicted(ctx)).toMatchObject({
      projectId: ctx.local.id,
      field: 'notes',
      base: ctx.local.notes,
      local: 'Mine',
      remote: 'Theirs',
    })
  })

  it('keep mine: the local value goes to the vendor', async () => {
    const ctx = await setup()
    const conflict = await conflicted(ctx)
    await ctx.conflicts.resolve(conflict.id, 'mine')
    expect(await ctx.push()).toMatchObject({ sent: 1, conflicts: 0 })
    expect(ctx.remote.notes).toBe('Mine')
    expect(await ctx.project()).toMatchObject({ notes: 'Mine', dirty: 0 })
    expect(await ctx.conflicts.list()).toEqual([])
  })

  it('keep theirs: the vendor value comes here and nothing is sent', async () => {
    const ctx = await setup()
    const conflict = await conflicted(ctx)
    await ctx.conflicts.resolve(conflict.id, 'theirs')
    expect(await ctx.project()).toMatchObject({ notes: 'Theirs', dirty: 0 })
    ctx.s.log.clear()
    expect((await ctx.push()).sent).toBe(0)
    expect(ctx.s.log.all({ method: 'PATCH' })).toHaveLength(0)
    expect(await ctx.actions.list()).toEqual([])
  })

  it('a project deleted at the vendor: keep mine creates it again, keep theirs removes it here', async () => {
    for (const keep of ['mine', 'theirs'] as const) {
      const ctx = await setup()
      await ctx.outbox.editProject(ctx.local.id, { notes: 'Still here' })
      ctx.s.state.opensolar.projects.delete(ctx.remote.id)
      await ctx.push()
      const [conflict] = await ctx.conflicts.list()
      expect(conflict!.field).toBe(DELETED_REMOTELY)
      await ctx.conflicts.resolve(conflict!.id, keep)
      if (keep === 'theirs') {
        expect(await ctx.project()).toBeUndefined()
        continue
      }
      expect((await ctx.push()).sent).toBe(1)
      const again = [...ctx.s.state.opensolar.projects.values()].find((p) => p.identifier === ctx.local.client_ref)
      expect(again).toMatchObject({ notes: 'Still here', title: ctx.local.title })
      expect((await ctx.project())?.remote_id).toBe(String(again!.id))
    }
  })

  it('refuses to resolve twice', async () => {
    const ctx = await setup()
    const conflict = await conflicted(ctx)
    await ctx.conflicts.resolve(conflict.id, 'mine')
    await expect(ctx.conflicts.resolve(conflict.id, 'theirs')).rejects.toThrow(/already been resolved/)
  })
})

describe('retrying and discarding', () => {
  it('lists what waits, with the vendor’s reason', async () => {
    const ctx = await setup()
    await ctx.outbox.editProject(ctx.local.id, { stage: 'Teleported', notes: 'n' })
    await ctx.push()
    const [entry] = await ctx.actions.list(ctx.local.id)
    expect(entry).toMatchObject({
      projectTitle: ctx.local.title,
      op: 'update',
      fields: ['stage', 'notes'],
      state: 'parked',
      lastError: expect.stringContaining('Teleported'),
    })
  })

  it('discarding a parked change puts the vendor’s values back', async () => {
    const ctx = await setup()
    await ctx.outbox.editProject(ctx.local.id, { stage: 'Teleported' })
    await ctx.push()
    const [entry] = await ctx.actions.list()
    await ctx.actions.discard(entry!.id)
    expect(await ctx.project()).toMatchObject({ stage: ctx.local.stage, dirty: 0, base_json: null })
    expect(await ctx.actions.list()).toEqual([])
  })

  it('retrying sends again at once', async () => {
    const ctx = await setup()
    ctx.s.faults.add({ vendor: 'opensolar', method: 'PATCH', status: 400, times: 1 })
    await ctx.outbox.editProject(ctx.local.id, { notes: 'second time lucky' })
    expect((await ctx.push()).parked).toBe(1)
    const [entry] = await ctx.actions.list()
    await ctx.actions.retry(entry!.id)
    expect((await ctx.push()).sent).toBe(1)
    expect(ctx.remote.notes).toBe('second time lucky')
  })

  it('discarding a create removes the project; discarding a delete brings it back', async () => {
    const ctx = await setup()
    const { id } = await ctx.outbox.createProject('os', { title: 'Never mind' })
    const [create] = await ctx.actions.list(id)
    await ctx.actions.discard(create!.id)
    expect(await ctx.db.selectFrom('projects').select('id').where('id', '=', id).execute()).toEqual([])
    await ctx.outbox.deleteProject(ctx.local.id)
    const [del] = await ctx.actions.list(ctx.local.id)
    await ctx.actions.discard(del!.id)
    expect(await ctx.project()).toMatchObject({ deleted: 0, dirty: 0 })
  })
})
