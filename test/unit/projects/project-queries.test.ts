import { beforeEach, describe, expect, it } from 'vitest'
import type { OpenedDatabase } from '../../../src-main/db/open-database'
import { AppError } from '../../../src-main/errors'
import { ProjectQueries } from '../../../src-main/projects/project-queries'
import { insertAccount, insertProject, openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let opened: OpenedDatabase
let queries: ProjectQueries
let accountId: string

beforeEach(async () => {
  opened = await openTestDatabase(tempDir())
  queries = new ProjectQueries(opened.db)
  accountId = await insertAccount(opened.db, { label: 'Harbour Solar' })
  return () => opened.close()
})

const seed = async () => {
  const ids = {
    hopetoun: await insertProject(opened.db, accountId, {
      title: '6 Hopetoun Ave',
      locality: 'Vaucluse',
      customer_name: 'George Costanza',
      stage: 'Installing',
      serials_inverters: 'INV44739040',
      lat: -33.85,
      lng: 151.27,
      modified_remote: '2026-11-01T00:00:00.000Z',
    }),
    sample: await insertProject(opened.db, accountId, {
      title: '105 Sample Road',
      locality: 'Cambridge',
      customer_name: 'Elaine Benes',
      stage: 'Lead',
      notes: 'Dog on site',
      modified_remote: '2026-11-20T00:00:00.000Z',
    }),
    bay: await insertProject(opened.db, accountId, {
      title: '12 Bay St',
      locality: 'Brunswick',
      stage: null,
      lat: -37.7,
      lng: 144.9,
    }),
    bay2: await insertProject(opened.db, accountId, { title: '2 Bay St', locality: 'Brunswick', stage: 'Sold' }),
  }
  return ids
}

describe('ProjectQueries.list', () => {
  it('pages through projects in natural title order with the total', async () => {
    await seed()
    const first = await queries.list({ offset: 0, limit: 2, sort: 'title', direction: 'asc' })
    const second = await queries.list({ offset: 2, limit: 2, sort: 'title', direction: 'asc' })
    expect(first.total).toBe(4)
    expect([...first.items, ...second.items].map((p) => p.title)).toEqual([
      '2 Bay St',
      '6 Hopetoun Ave',
      '12 Bay St',
      '105 Sample Road',
    ])
    expect(second.offset).toBe(2)
  })

  it('sorts by most recently changed, unknown dates last', async () => {
    await seed()
    const { items } = await queries.list({ offset: 0, limit: 10, sort: 'modifiedAt', direction: 'desc' })
    expect(items.map((p) => p.title).slice(0, 2)).toEqual(['105 Sample Road', '6 Hopetoun Ave'])
  })

  it('filters by vendor', async () => {
    await seed()
    expect(
      (await queries.list({ offset: 0, limit: 10, sort: 'title', direction: 'asc', vendor: 'aurora' })).total,
    ).toBe(0)
  })

  it('counts ops not yet sent as pending', async () => {
    const { sample } = await seed()
    const op = (n: number, state: 'queued' | 'sent' | 'failed') => ({
      account_id: accountId,
      entity_key: `project:${sample}`,
      op: 'update' as const,
      payload_json: '{}',
      client_op_id: `op${n}`,
      state,
      created_at: 'now',
      updated_at: 'now',
    })
    await opened.db
      .insertInto('outbox')
      .values([op(1, 'queued'), op(2, 'failed'), op(3, 'sent')])
      .execute()
    const { items } = await queries.list({ offset: 0, limit: 10, sort: 'title', direction: 'asc' })
    expect(items.find((p) => p.id === sample)?.pending).toBe(2)
    expect(items.filter((p) => p.id !== sample).every((p) => p.pending === 0)).toBe(true)
  })

  it('hides projects deleted locally', async () => {
    const { bay } = await seed()
    await opened.db.updateTable('projects').set({ deleted: 1 }).where('id', '=', bay).execute()
    const { items, total } = await queries.list({ offset: 0, limit: 10, sort: 'title', direction: 'asc' })
    expect(total).toBe(3)
    expect(items.map((p) => p.id)).not.toContain(bay)
  })
})

describe('ProjectQueries.search', () => {
  it.each([
    ['a street, while typing', 'hopet', ['6 Hopetoun Ave']],
    ['a customer', 'benes', ['105 Sample Road']],
    ['a serial number', 'INV4473', ['6 Hopetoun Ave']],
    ['notes', 'dog', ['105 Sample Road']],
    ['a suburb', 'brunswick', ['2 Bay St', '12 Bay St']],
    ['all words at once', 'bay 12', ['12 Bay St']],
    ['FTS syntax as plain text', 'NEAR( "bay', []],
    ['words around a NUL', 'bay\u000012', ['12 Bay St']],
    ['a word ending in a broken character', 'hopet\uD800', ['6 Hopetoun Ave']],
  ])('finds %s', async (_name, text, titles) => {
    await seed()
    const result = await queries.search({ text, limit: 50 })
    expect(result.items.map((p) => p.title).sort()).toEqual([...titles].sort())
    expect(result.total).toBe(titles.length)
  })

  it('ranks title matches above note matches', async () => {
    await seed()
    await insertProject(opened.db, accountId, { title: '9 Mill Lane', notes: 'near Hopetoun corner' })
    const { items } = await queries.search({ text: 'hopetoun', limit: 50 })
    expect(items.map((p) => p.title)).toEqual(['6 Hopetoun Ave', '9 Mill Lane'])
  })

  it('limits results but reports the full total', async () => {
    await seed()
    const result = await queries.search({ text: 'bay', limit: 1 })
    expect(result.items).toHaveLength(1)
    expect(result.total).toBe(2)
  })
})

describe('ProjectQueries.get and locations', () => {
  it('returns the full detail with the account label', async () => {
    const { hopetoun } = await seed()
    const detail = await queries.get(hopetoun)
    expect(detail).toMatchObject({
      id: hopetoun,
      title: '6 Hopetoun Ave',
      accountLabel: 'Harbour Solar',
      customerName: 'George Costanza',
      serials: { inverters: 'INV44739040', panels: '', batteries: '' },
      lat: -33.85,
      lng: 151.27,
    })
  })

  it('answers not_found for an unknown id', async () => {
    await expect(queries.get('nope')).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'not_found')
  })

  it('lists only projects with coordinates for the map', async () => {
    await seed()
    const { items } = await queries.locations({})
    expect(items.map((p) => p.title).sort()).toEqual(['12 Bay St', '6 Hopetoun Ave'])
  })
})

describe('filters, position and facets', () => {
  it.each([
    ['a stage', { stage: 'Lead' }, ['105 Sample Road']],
    ['an account', { accountId: 'other' }, []],
    ['changes not yet sent', { pending: true }, ['2 Bay St']],
    ['open conflicts', { conflicts: true }, ['6 Hopetoun Ave']],
    ['a stage and changes not sent', { stage: 'Lead', pending: true }, []],
  ])('lists, searches and maps only %s', async (_name, filter, titles) => {
    const ids = await seed()
    await insertAccount(opened.db, { id: 'other' })
    await opened.db
      .insertInto('outbox')
      .values({
        account_id: accountId,
        entity_key: `project:${ids.bay2}`,
        op: 'update',
        payload_json: '{"notes":"x"}',
        client_op_id: 'op-1',
        created_at: 'now',
        updated_at: 'now',
      })
      .execute()
    await opened.db
      .insertInto('conflicts')
      .values({ project_id: ids.hopetoun, field: 'notes', created_at: 'now' })
      .execute()
    const list = await queries.list({ offset: 0, limit: 50, sort: 'title', direction: 'asc', ...filter })
    expect(list.items.map((p) => p.title).sort()).toEqual([...titles].sort())
    expect(list.total).toBe(titles.length)
    const bay = await queries.search({ text: 'bay', limit: 50, ...filter })
    expect(bay.items.map((p) => p.title).sort()).toEqual((titles as string[]).filter((t) => t.includes('Bay')).sort())
    const located = await queries.locations(filter)
    expect(located.items.every((p) => (titles as string[]).includes(p.title))).toBe(true)
  })

  it('finds a project by its postcode and by its equipment', async () => {
    const id = await insertProject(opened.db, accountId, { title: '9 Mill Lane' })
    await opened.db
      .updateTable('projects')
      .set({ postcode: '3350', system_summary: '6.6 kW · 16 × Trina Vertex S+ · SMA Sunny Boy 5.0' })
      .where('id', '=', id)
      .execute()
    expect((await queries.search({ text: '3350', limit: 10 })).items.map((p) => p.id)).toEqual([id])
    expect((await queries.search({ text: 'sunny boy', limit: 10 })).items.map((p) => p.id)).toEqual([id])
    expect((await queries.search({ text: 'trina', limit: 10 })).items.map((p) => p.id)).toEqual([id])
  })

  it('says where a project sits in the list as sorted and filtered', async () => {
    const ids = await seed()
    const order = (await queries.list({ offset: 0, limit: 50, sort: 'modifiedAt', direction: 'desc' })).items
    for (const [index, project] of order.entries())
      expect(await queries.position({ id: project.id, sort: 'modifiedAt', direction: 'desc' })).toEqual({ index })
    const byTitle = (await queries.list({ offset: 0, limit: 50, sort: 'title', direction: 'asc' })).items
    for (const [index, project] of byTitle.entries())
      expect(await queries.position({ id: project.id, sort: 'title', direction: 'asc' })).toEqual({ index })
    expect(await queries.position({ id: ids.bay, sort: 'title', direction: 'asc', stage: 'Lead' })).toEqual({
      index: null,
    })
  })

  it('offers the stages projects here are in', async () => {
    await seed()
    expect(await queries.facets()).toEqual({ stages: ['Installing', 'Lead', 'Sold'] })
  })
})
