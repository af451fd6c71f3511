// A vendor that pages without end (every page full, for ever) must end the pull with a clear error,
// in a bounded number of requests, with what was read before it kept.
import { describe, expect, it } from 'vitest'
import { RunawayListingError } from '../../../src-main/providers/http/errors'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { countByProbing, lastPage, listingCeiling, MOST_PROJECTS, pageNumber } from '../../../src-main/providers/paging'
import type { Provider } from '../../../src-main/providers/provider'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { clearSyncState, writePulledAt } from '../../../src-main/db/sync-state'
import { documented } from '../../helpers/scripted-vendor'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { auroraAt, auroraProjects, useHostileVendors } from '../../helpers/hostile-vendor'
import { useTempDirs } from '../../helpers/temp-dir'

const hostile = useHostileVendors()
const tempDir = useTempDirs()
const fast = { minBackoffMs: 1, maxBackoffMs: 2, retries: 1 }

/** Aurora whose every page is full: 250 projects, new ids on each page. */
const endlessAurora = () =>
  hostile({
    'GET /tenants/t1/projects': ({ query }) => ({
      body: { projects: auroraProjects(Number(query.get('per_page')), `p${query.get('page')}`) },
    }),
  })

async function pullWith(provider: (origin: string) => Provider, origin: string, accountId = 'a1') {
  const { db, sqlite } = await openTestDatabase(tempDir())
  await insertAccount(db, { id: accountId, provider: 'aurora' })
  const pull = new PullEngine({ db, sqlite, providerFor: () => provider(origin) })
  return { db, pull, accountId }
}

const aurora = auroraAt

describe('listings that never end', () => {
  it('a first Aurora pull stops with a typed error after a dozen requests, keeping the page it read', async () => {
    const vendor = await endlessAurora()
    const { db, pull, accountId } = await pullWith(aurora, vendor.origin)
    const error = await pull.pullAccount(accountId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunawayListingError)
    expect((error as Error).message).toMatch(/Aurora kept listing past 4,000 pages of 250.*stopped this pull/)
    const pages = vendor.requests.map((r) => r.query.get('page')!)
    // Page 1 read and stored, then the count probed by doubling up to the last page a listing could reach.
    expect(pages.every((p) => /^[1-9]\d{0,3}$/.test(p))).toBe(true)
    expect(Math.max(...pages.map(Number))).toBe(lastPage(250))
    expect(vendor.requests.length).toBeLessThanOrEqual(16)
    const stored = await db.selectFrom('projects').select('remote_id').execute()
    expect(stored).toHaveLength(250)
  })

  it('a later pull stops soon past what the account is known to hold', async () => {
    const vendor = await endlessAurora()
    const { db, pull, accountId } = await pullWith(aurora, vendor.origin)
    await pull.pullAccount(accountId).catch(() => undefined)
    // The account is known to hold 250: a listing may bring 10,250 before it is taken for endless.
    vendor.requests.length = 0
    // As if that first pull had finished: the next one is a later pull.
    await writePulledAt(db, accountId, 'lastPull', new Date('2026-12-01T00:00:00Z'), new Date())
    await clearSyncState(db, accountId, 'pullProgress')
    const error = await pull.pullAccount(accountId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunawayListingError)
    expect((error as Error).message).toMatch(/past 10,250 projects/)
    expect(vendor.requests.length).toBe(Math.ceil(10_250 / 250) + 1)
  })

  it('an OpenSolar listing whose every page is full stops the same way', async () => {
    const full = documented<Record<string, unknown>>('opensolar-project-get')
    const vendor = await hostile({
      'GET /api/orgs/1/projects/': ({ query }) => ({
        body: Array.from({ length: Number(query.get('limit')) }, (_, i) => ({
          ...full,
          id: Number(query.get('page')) * 1000 + i,
          identifier: `ref-${query.get('page')}-${i}`,
        })),
      }),
    })
    const openSolar = (origin: string) =>
      new OpenSolarClient({ baseUrl: origin, orgId: 1, token: () => 'tok', http: fast })
    const { pull, accountId } = await pullWith(openSolar, vendor.origin)
    await expect(pull.pullAccount(accountId)).rejects.toBeInstanceOf(RunawayListingError)
    expect(vendor.requests.length).toBeLessThanOrEqual(17)
  })
})

describe('page numbers and ceilings', () => {
  it.each([
    ['the first page when there is none', null, 1],
    ['a page to resume from', '17', 17],
    ['the last page a listing can reach', String(lastPage(250)), lastPage(250)],
  ])('takes %s', (_name, from, page) => expect(pageNumber(from, 250)).toBe(page))

  it.each(['Infinity', '1e3', '0', '-1', '1.5', ' 2', '0x10', String(lastPage(250) + 1), '9'.repeat(40)])(
    'refuses %s as a page to resume from',
    (from) => expect(() => pageNumber(from, 250)).toThrow(RangeError),
  )

  it('probes a listing of full pages up to the last page it could reach, and no further', async () => {
    const asked: number[] = []
    const probe = countByProbing(
      'aurora',
      async (page) => {
        asked.push(page)
        return 250
      },
      250,
    )
    await expect(probe).rejects.toBeInstanceOf(RunawayListingError)
    expect(asked.length).toBeLessThanOrEqual(14)
    expect(Math.max(...asked)).toBe(lastPage(250))
  })

  it('counts a listing that ends on the last page it could reach', async () => {
    const last = lastPage(250)
    const n = await countByProbing('aurora', async (page) => (page < last ? 250 : page === last ? 7 : 0), 250)
    expect(n).toBe((last - 1) * 250 + 7)
  })

  it.each([
    ['nothing known yet', null, MOST_PROJECTS],
    ['an empty account', 0, 10_000],
    ['a small one', 2_000, 12_000],
    ['a large one', 100_000, 200_000],
    ['one past the most any account holds', 900_000, MOST_PROJECTS],
  ])('lets a listing of %s run to %i', (_name, known, ceiling) => expect(listingCeiling(known)).toBe(ceiling))
})
