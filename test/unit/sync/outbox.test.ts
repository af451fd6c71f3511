import { beforeEach, describe, expect, it } from 'vitest'
import type { OpenedDatabase } from '../../../src-main/db/open-database'
import { AppError } from '../../../src-main/errors'
import { ProjectQueries } from '../../../src-main/projects/project-queries'
import { OutboxActions } from '../../../src-main/sync/outbox/outbox-actions'
import { Outbox, projectEntity } from '../../../src-main/sync/outbox/outbox'
import { insertAccount, insertProject, openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let opened: OpenedDatabase
let outbox: Outbox
let projectId: string

beforeEach(async () => {
  opened = await openTestDatabase(tempDir())
  outbox = new Outbox(opened.db, () => new Date('2026-11-25T10:00:00Z'))
  const account = await insertAccount(opened.db, { provider: 'opensolar' })
  projectId = await insertProject(opened.db, account, {
    title: '6 Hopetoun Ave',
    notes: 'gate code 1234',
    stage: 'Lead',
  })
  return () => opened.close()
})

const row = () => opened.db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow()
const ops = () => opened.db.selectFrom('outbox').selectAll().orderBy('id').execute()

describe('Outbox.editProject', () => {
  it('changes the cache and queues the change, together', async () => {
    expect(await outbox.editProject(projectId, { notes: 'Dog on site', serials: { inverters: 'INV1' } })).toEqual({
      pending: 1,
    })
    expect(await row()).toMatchObject({
      notes: 'Dog on site',
      serials_inverters: 'INV1',
      dirty: 1,
      modified_local: '2026-11-25T10:00:00.000Z',
    })
    const [op] = await ops()
    expect(op).toMatchObject({ entity_key: projectEntity(projectId), op: 'update', state: 'queued' })
    expect(JSON.parse(op!.payload_json)).toEqual({ notes: 'Dog on site', 'serials.inverters': 'INV1' })
  })

  it('coalesces successive edits into one op, later values winning', async () => {
    await outbox.editProject(projectId, { notes: 'a' })
    await outbox.editProject(projectId, { stage: 'Sold' })
    expect(await outbox.editProject(projectId, { notes: 'c' })).toEqual({ pending: 1 })
    const all = await ops()
    expect(all).toHaveLength(1)
    expect(JSON.parse(all[0]!.payload_json)).toEqual({ notes: 'c', stage: 'Sold' })
  })

  it('keeps the base the first edit was made against', async () => {
    await outbox.editProject(projectId, { notes: 'a' })
    await outbox.editProject(projectId, { notes: 'b' })
    expect(JSON.parse((await row()).base_json!)).toMatchObject({ notes: 'gate code 1234', stage: 'Lead' })
  })

  it('queues nothing for an edit that changes nothing', async () => {
    expect(await outbox.editProject(projectId, { notes: 'gate code 1234' })).toEqual({ pending: 0 })
    expect(await ops()).toEqual([])
    expect((await row()).dirty).toBe(0)
  })

  it('starts a new op when the last one is already being sent', async () => {
    await outbox.editProject(projectId, { notes: 'a' })
    await opened.db.updateTable('outbox').set({ state: 'sending' }).execute()
    expect(await outbox.editProject(projectId, { notes: 'b' })).toEqual({ pending: 2 })
    expect((await ops()).map((o) => [o.state, JSON.parse(o.payload_json)])).toEqual([
      ['sending', { notes: 'a' }],
      ['queued', { notes: 'b' }],
    ])
  })

  it('keeps search and sorting in step with an edited title', async () => {
    await outbox.editProject(projectId, { title: '10 Wattle Cres' })
    const queries = new ProjectQueries(opened.db)
    expect((await queries.search({ text: 'wattle', limit: 10 })).items.map((p) => p.id)).toEqual([projectId])
    // The address was not edited, so it still finds the project.
    expect((await queries.search({ text: 'hopetoun', limit: 10 })).total).toBe(1)
    expect((await row()).title_sort).toBe('000000000010 wattle cres')
    expect((await queries.list({ offset: 0, limit: 10, sort: 'title', direction: 'asc' })).items[0]!.pending).toBe(1)
  })

  it.each([
    ['a field this vendor does not take', { customerName: 'Kramer' }, /does not take/],
    ['something that is not a field', { colour: 'red' }, /not a project field/],
  ])('refuses %s and writes nothing', async (_name, changes, message) => {
    await expect(outbox.editProject(projectId, changes)).rejects.toThrow(message)
    expect(await ops()).toEqual([])
    expect((await row()).notes).toBe('gate code 1234')
  })

  it('answers not_found for a missing or deleted project', async () => {
    await expect(outbox.editProject('nope', { notes: 'x' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'not_found',
    )
    await opened.db.updateTable('projects').set({ deleted: 1 }).execute()
    await expect(outbox.editProject(projectId, { notes: 'x' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'not_found',
    )
  })

  it('leaves the project untouched if the op cannot be written (one transaction)', async () => {
    opened.sqlite.exec(`create trigger fail_outbox before insert on outbox begin select raise(abort, 'disk full'); end`)
    await expect(outbox.editProject(projectId, { notes: 'lost?' })).rejects.toThrow(/disk full/)
    expect(await row()).toMatchObject({ notes: 'gate code 1234', dirty: 0, base_json: null })
  })
})

describe('Outbox.createProject and deleteProject', () => {
  it('creates here with a client ref, queues the create, and folds later edits into it', async () => {
    const account = (await opened.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id
    const { id } = await outbox.createProject(account, {
      address: '3 Bay St',
      locality: 'Brunswick',
      notes: 'new lead',
    })
    await outbox.editProject(id, { notes: 'called, booked Tuesday' })
    const created = await opened.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(created).toMatchObject({
      title: '3 Bay St',
      remote_id: null,
      dirty: 1,
      client_ref: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    const all = (await ops()).filter((o) => o.entity_key === projectEntity(id))
    expect(all.map((o) => [o.op, JSON.parse(o.payload_json)])).toEqual([
      ['create', { address: '3 Bay St', locality: 'Brunswick', notes: 'called, booked Tuesday', title: '3 Bay St' }],
    ])
  })

  it('deleting a project never sent leaves nothing, here or in the queue', async () => {
    const account = (await opened.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id
    const { id } = await outbox.createProject(account, { title: 'Oops' })
    expect(await outbox.deleteProject(id)).toEqual({ undoId: null })
    expect(await opened.db.selectFrom('projects').select('id').where('id', '=', id).execute()).toEqual([])
    expect((await ops()).filter((o) => o.entity_key === projectEntity(id))).toEqual([])
  })

  it('deleting an edited project queues one delete instead of the edit', async () => {
    await outbox.editProject(projectId, { notes: 'x' })
    expect(await outbox.deleteProject(projectId)).toEqual({ undoId: expect.any(Number) })
    expect((await ops()).map((o) => o.op)).toEqual(['delete'])
    expect((await row()).deleted).toBe(1)
  })

  it('undoing a delete brings the project back, with the edit the delete had swallowed queued again', async () => {
    await outbox.editProject(projectId, { notes: 'kept through the undo' })
    const { undoId } = await outbox.deleteProject(projectId)
    await new OutboxActions(opened.db).discard(undoId!)
    expect(await row()).toMatchObject({ deleted: 0, dirty: 1, notes: 'kept through the undo' })
    expect((await ops()).map((o) => [o.op, JSON.parse(o.payload_json)])).toEqual([
      ['update', { notes: 'kept through the undo' }],
    ])
  })

  it('undoing a delete of an unedited project leaves it clean, with nothing queued', async () => {
    const { undoId } = await outbox.deleteProject(projectId)
    await new OutboxActions(opened.db).discard(undoId!)
    expect(await row()).toMatchObject({ deleted: 0, dirty: 0 })
    expect(await ops()).toEqual([])
  })
})
