// One bad record a vendor lists is left out — counted, and named in the account's sync report with the
// vendor's id and why — and the good ones beside it are kept; what is kept can always be read back.
import { describe, expect, it } from 'vitest'
import { BadResponseError } from '../../../src-main/providers/http/errors'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { auroraAt, auroraProjects, useHostileVendors } from '../../helpers/hostile-vendor'
import { documented } from '../../helpers/scripted-vendor'
import { useServices } from '../../helpers/services'
import { useTempDirs } from '../../helpers/temp-dir'

const hostile = useHostileVendors()
const services = useServices()
const tempDir = useTempDirs()
const fast = { minBackoffMs: 1, maxBackoffMs: 2, retries: 1 }

/** JSON of a value nested `depth` levels deep, written out (no JSON.stringify could make it). */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

const project = documented<Record<string, unknown>>('opensolar-project-get')
const file = documented<Record<string, unknown>>('opensolar-file-get')
const projectJson = (id: number, extra = '') =>
  JSON.stringify({
    ...project,
    id,
    identifier: `ref-${id}`,
    url: `https://api.opensolar.com/api/orgs/1/projects/${id}/`,
  }).replace(/}$/, `${extra}}`)
const fileOf = (id: number, projectId: number, over: Record<string, unknown> = {}) => ({
  ...file,
  id,
  url: `https://api.opensolar.com/api/orgs/1/private_files/${id}/`,
  project: `https://api.opensolar.com/api/orgs/1/projects/${projectId}/`,
  title: `photo-${id}.jpg`,
  ...over,
})

/** OpenSolar with four good projects, one nested 100,000 levels deep, one dated 30 February; files good and bad. */
const badOpenSolar = () =>
  hostile({
    'GET /api/orgs/1/projects/': ({ query }) =>
      query.get('page') === '1'
        ? {
            raw: `[${[
              projectJson(1),
              projectJson(2, `,"design":${deepJson(100_000)}`),
              projectJson(3),
              projectJson(4).replace(/"modified_date":"[^"]*"/, '"modified_date":"2026-02-30T10:00Z"'),
              projectJson(5),
              projectJson(6),
            ].join(',')}]`,
          }
        : { status: 404, body: { detail: 'Invalid page.' } },
    'GET /api/orgs/1/private_files/': () => ({
      body: [
        fileOf(11, 1),
        fileOf(12, 1, { title: null }),
        fileOf(13, 3, { filesize: 1.5 }),
        fileOf(14, 3),
        fileOf(15, 5, { filesize: -4 }),
      ],
    }),
    'GET /api/file_tags/': () => ({
      body: [{ id: 47, title: 'Site Model', url: 'https://api.opensolar.com/api/file_tags/47/' }],
    }),
  })

describe('a page with bad records', () => {
  it('keeps the good projects and files, names each one left out, and every read of what it kept answers', async () => {
    const vendor = await badOpenSolar()
    const t = await services()
    const account = await t.call('accounts.save', {
      account: {
        vendor: 'opensolar',
        label: 'Hostile',
        baseUrl: vendor.origin,
        settings: { orgId: 1 },
        secrets: { token: 'tok-1' },
      },
    })
    await t.call('sync.now', {})
    const { items } = await t.call('projects.list', { limit: 50 })
    expect(items.map((p) => p.title).sort()).toHaveLength(4)
    const status = await t.call('sync.getStatus', {})
    const report = status.accounts.find((a) => a.accountId === account.id)!
    expect(report.skipped).toBe(5)
    expect(report.leftOut).toEqual(
      expect.arrayContaining([
        { kind: 'project', remoteId: '2', reason: 'cannot be kept: it is nested more than 64 levels deep' },
        { kind: 'project', remoteId: '4', reason: expect.stringMatching(/modified "2026-02-30T10:00Z" is not a date/) },
        { kind: 'file', remoteId: '12', reason: expect.stringMatching(/^title: /) },
        { kind: 'file', remoteId: '13', reason: expect.stringMatching(/^filesize: .*expected int/) },
        { kind: 'file', remoteId: '15', reason: expect.stringMatching(/^filesize: /) },
      ]),
    )
    // What was kept answers every read a window makes of it.
    const files: string[] = []
    for (const { id } of items) {
      await t.call('projects.get', { id })
      files.push(...(await t.call('attachments.list', { projectId: id })).items.map((f) => f.title))
      await t.call('outbox.list', { projectId: id })
    }
    expect(files.sort()).toEqual(['photo-11.jpg', 'photo-14.jpg'])
    await t.call('projects.search', { text: 'Hopetoun' })
    await t.call('projects.locations', {})
  })

  it('keeps the Aurora projects of a page beside one whose id is a number', async () => {
    const listed = auroraProjects(5, 'a')
    listed[2] = { ...listed[2], id: 12345 }
    const vendor = await hostile({ 'GET /tenants/t1/projects': () => ({ body: { projects: listed } }) })
    const { db, sqlite } = await openTestDatabase(tempDir())
    await insertAccount(db, { id: 'aurora', provider: 'aurora' })
    const client = auroraAt(vendor.origin)
    const report = await new PullEngine({ db, sqlite, providerFor: () => client }).pullAccount('aurora')
    expect(report).toMatchObject({ added: 4, skipped: 1 })
    const kept = await db
      .selectFrom('sync_state')
      .select('value_json')
      .where('key', '=', 'skipped_records')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(kept.value_json)).toEqual({
      count: 1,
      records: [{ kind: 'project', remoteId: '12345', reason: expect.stringMatching(/^id: .*string/) }],
    })
  })

  it('refuses one record read on its own (a project) past the limits, without overflowing the stack', async () => {
    const vendor = await hostile({
      'GET /api/orgs/1/projects/7/': () => ({ raw: projectJson(7, `,"design":${deepJson(100_000)}`) }),
    })
    const client = new OpenSolarClient({ baseUrl: vendor.origin, orgId: 1, token: () => 'tok', http: fast })
    const error = await client.getProject('7').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadResponseError)
    expect((error as Error).message).toBe(
      'OpenSolar sent an answer Solar Field cannot read (it is nested more than 64 levels deep).',
    )
  })

  it('reads a page larger than a megabyte a piece at a time, to the same records', async () => {
    const many: Record<string, unknown>[] = auroraProjects(250, 'big').map((p) => ({ ...p, notes: 'x'.repeat(6_000) }))
    const vendor = await hostile({
      'GET /tenants/t1/projects': ({ query }) => ({ body: { projects: query.get('page') === '1' ? many : [] } }),
    })
    const client = auroraAt(vendor.origin)
    const pages = []
    for await (const page of client.listPages()) pages.push(page)
    expect(pages[0]!.projects.map((p) => p.remoteId)).toEqual(many.map((p) => p['id']))
    expect(pages[0]!.projects[0]!.raw).toEqual(many[0])
  })
})
