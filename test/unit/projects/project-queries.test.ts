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

/** The titles of the projects these pins are for, sorted. */
const titlesOf = async (pins: number[]) =>
  (
    await opened.db
      .selectFrom('projects')
      .select('title')
      .where('seq', 'in', pins.length ? pins : [-1])
      .execute()
  )
    .map((r) => r.title)
    .sort()

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

  // Keyset paging (each page after the last row of the one before) gives the list exactly as one long
  // page does, in every order the contract takes, nulls last both ways.
  it.each([
    ['title', 'asc'],
    ['title', 'desc'],
    ['locality', 'asc'],
    ['stage', 'asc'],
    ['stage', 'desc'],
    ['modifiedAt', 'asc'],
    ['modifiedAt', 'desc'],
  ] as const)('pages by %s %s from a cursor as it does in one go', async (sort, direction) => {
    await seed()
    await insertProject(opened.db, accountId, { title: '2 Bay St', locality: 'Brunswick', stage: null })
    await insertProject(opened.db, accountId, { title: '1 Apple Rd', locality: 'Vaucluse', stage: 'Lead' })
    const whole = await queries.list({ offset: 0, limit: 500, sort, direction })
    const paged: string[] = []
    let after: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await queries.list({ offset: paged.length, limit: 2, sort, direction, after })
      paged.push(...page.items.map((p) => p.id))
      if (!page.next) break
      after = page.next
    }
    expect(paged).toEqual(whole.items.map((p) => p.id))
    const keys = whole.items.map((p) => (sort === 'stage' ? p.stage : sort === 'modifiedAt' ? p.modifiedAt : null))
    if (sort === 'stage' || sort === 'modifiedAt')
      expect(keys.indexOf(null)).toBe(keys.filter((k) => k !== null).length)
    for (const [index, project] of whole.items.entries())
      expect(await queries.position({ id: project.id, sort, direction })).toEqual({ index })
  })

  // The orders the window offers, read off an index whatever the page: never a sort of every project.
  it.each([
    ['title', 'asc', 'projects_title'],
    ['title', 'desc', 'projects_title'],
    ['locality', 'asc', 'projects_locality'],
    ['stage', 'asc', 'projects_stage'],
    ['modifiedAt', 'desc', 'projects_changed'],
  ] as const)('reads the list by %s %s off %s', async (sort, direction, index) => {
    await seed()
    const first = await queries.list({ offset: 0, limit: 2, sort, direction })
    for (const input of [
      { offset: 900, limit: 200, sort, direction },
      { offset: 0, limit: 200, sort, direction, after: first.next! },
    ]) {
      const { sql, parameters } = queries.listQuery(input).compile()
      const plan = opened.sqlite.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as {
        detail: string
      }[]
      const main = plan.map((p) => p.detail).filter((d) => /\bprojects\b/.test(d) && !/outbox|files/.test(d))
      expect(main.join('\n')).toMatch(new RegExp(`INDEX ${index}\\b`))
      // Not even in part ("USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY": every row of the first term sorted).
      expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/)
    }
  })

  it('refuses a cursor it did not make', async () => {
    await seed()
    await expect(
      queries.list({ offset: 0, limit: 2, sort: 'title', direction: 'asc', after: 'bm90IGEga2V5' }),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'invalid_input')
  })

  it('counts from the kept counts as projects come, change stage and go', async () => {
    const { sample } = await seed()
    const count = (filter: Parameters<typeof queries.countMatching>[0]) => queries.countMatching(filter)
    expect([await count({}), await count({ stage: 'Lead' }), await count({ vendor: 'opensolar' })]).toEqual([4, 1, 4])
    await opened.db.updateTable('projects').set({ stage: 'Sold' }).where('id', '=', sample).execute()
    await opened.db.updateTable('projects').set({ deleted: 1 }).where('title', '=', '12 Bay St').execute()
    expect([await count({}), await count({ stage: 'Lead' }), await count({ stage: 'Sold' })]).toEqual([3, 0, 2])
    expect(await count({ accountId: 'nobody' })).toBe(0)
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
    expect(result).toMatchObject({ total: 2, complete: true })
  })

  it('does not rank a letter that matches more than a thousand projects: some matches, said to be incomplete', async () => {
    opened.sqlite.transaction(() => {
      const insert = opened.sqlite.prepare(
        `insert into projects (id, account_id, provider, client_ref, title, title_sort) values (?, ?, 'opensolar', ?, ?, ?)`,
      )
      for (let i = 0; i < 1100; i++) insert.run(`p${i}`, accountId, `r${i}`, `${i} Station St`, `${i}`)
    })()
    const broad = await queries.search({ text: 's', limit: 50 })
    expect(broad).toMatchObject({ complete: false })
    expect(broad.items).toHaveLength(50)
    expect(broad.items.every((p) => p.title.includes('Station'))).toBe(true)
    const narrow = await queries.search({ text: '1099', limit: 50 })
    expect(narrow).toMatchObject({ complete: true, total: 1 })
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
    const { pins, next } = await queries.locations({ limit: 100 })
    expect(await titlesOf(pins.pin)).toEqual(['12 Bay St', '6 Hopetoun Ave'])
    expect(next).toBeNull()
  })

  it('marks the pins of sites with an alert still open, and only those', async () => {
    const { hopetoun } = await seed()
    const alert = (remoteId: string, ended: string | null) =>
      opened.db
        .insertInto('alerts')
        .values({
          account_id: accountId,
          remote_id: remoteId,
          project_id: hopetoun,
          component_remote_id: '1',
          alert_type: 'NO_DATA',
          priority: 'HIGH',
          started_at: '2026-12-01T00:00:00Z',
          ended_at: ended,
          updated_at: '2026-12-01T00:00:00Z',
          raw_json: '{}',
        })
        .execute()
    await alert('closed', '2026-12-02T00:00:00Z')
    const flagged = async () => {
      const { pins } = await queries.locations({ limit: 100 })
      return titlesOf(pins.pin.filter((_, i) => pins.alert[i] === 1))
    }
    expect(await flagged()).toEqual([])
    await alert('open', null)
    expect(await flagged()).toEqual(['6 Hopetoun Ave'])
  })

  it('gives the map its pins in chunks, as columns, each pin one project', async () => {
    for (let i = 0; i < 7; i++)
      await insertProject(opened.db, accountId, { title: `${i} Grid St`, lat: -30 - i, lng: 150 + i })
    const chunks: Awaited<ReturnType<typeof queries.locations>>['pins'][] = []
    let after: number | undefined
    do {
      const answer = await queries.locations({ limit: 3, after })
      chunks.push(answer.pins)
      after = answer.next ?? undefined
    } while (after !== undefined)
    expect(chunks.map((c) => c.pin.length)).toEqual([3, 3, 1])
    const all = chunks.flatMap((c) =>
      c.pin.map((pin, i) => ({ pin, lat: c.lat[i], lng: c.lng[i], vendor: c.vendor[i] })),
    )
    expect(new Set(all.map((p) => p.pin)).size).toBe(7)
    for (const p of all) {
      const { id } = await queries.atPin(p.pin)
      const project = await queries.get(id)
      expect([project.lat, project.lng, p.vendor]).toEqual([p.lat, p.lng, 0])
    }
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
    const located = await queries.locations({ limit: 100, ...filter })
    expect((await titlesOf(located.pins.pin)).every((t) => (titles as string[]).includes(t))).toBe(true)
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
