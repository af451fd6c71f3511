// An organisation of 100,000 OpenSolar projects is 1,000 pages against a budget of 1,000
// requests a day, 800 of them for pulls. The first pull must spread over days, resume where it stopped,
// and never fetch a page again that it has stored (but the one it resumes on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { DailyBudget } from '../../../src-main/providers/http/limits'
import { RateLimitedError } from '../../../src-main/providers/http/errors'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { SqliteBudgetStore } from '../../../src-main/sync/request-budget-store'
import { SyncStatusService } from '../../../src-main/sync/sync-status'
import type { OpenedDatabase } from '../../../src-main/db/open-database'
import { startSandbox, type Sandbox } from '../../../src-main/demo/simulators/sandbox'
import { DEMO_CREDENTIALS } from '../../../src-main/demo/simulators/credentials'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const ORG_SIZE = 100_000
const PAGE = 100
const DAY_MS = 86_400_000
const tempDir = useTempDirs()

describe('a first pull of 100,000 OpenSolar projects', { timeout: 240_000 }, () => {
  let s: Sandbox
  let opened: OpenedDatabase
  let pull: PullEngine
  let status: SyncStatusService
  const accountId = 'os'
  const now = () => new Date(s.clock.nowMs())

  beforeAll(async () => {
    s = await startSandbox({ projectsOf: { opensolar: ORG_SIZE, easypv: 0, aurora: 0 }, sites: 0 })
    opened = await openTestDatabase(tempDir())
    await insertAccount(opened.db, { id: accountId, provider: 'opensolar' })
    const client = new OpenSolarClient({
      baseUrl: s.baseUrls.opensolar,
      orgId: DEMO_CREDENTIALS.opensolar.orgId,
      token: () => DEMO_CREDENTIALS.opensolar.token,
      limiter: new DailyBudget('opensolar', 1000, new SqliteBudgetStore(opened.sqlite, accountId, now), now),
      http: { minBackoffMs: 1, maxBackoffMs: 5 },
    })
    pull = new PullEngine({ db: opened.db, sqlite: opened.sqlite, providerFor: () => client, now })
    status = new SyncStatusService(opened.db, now)
  })
  afterAll(async () => {
    await opened?.close()
    await s?.stop()
  })

  const cached = async () =>
    Number(
      (
        await opened.db
          .selectFrom('projects')
          .select((eb) => eb.fn.count('remote_id').distinct().as('n'))
          .where('account_id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).n,
    )
  /** The pages of the full listing (fieldset=studio) asked for, in order. */
  const pagesAsked = (from = 0) =>
    s.log
      .all({ vendor: 'opensolar', method: 'GET' })
      .slice(from)
      .filter((r) => r.path.includes('fieldset=studio'))
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('page')))

  it('spends the pull share of each day, shows how far it got, and finishes on the second day', async () => {
    // Day 1: the pull stops when the 800 requests pulls may use are spent (200 are kept for sending).
    await expect(pull.pullAccount(accountId)).rejects.toBeInstanceOf(RateLimitedError)
    const day1Requests = s.log.all({ vendor: 'opensolar' }).length
    expect(day1Requests).toBe(800)
    const day1Pages = pagesAsked()
    const afterDay1 = await cached()
    expect(afterDay1).toBe(day1Pages.length * PAGE)
    expect(afterDay1).toBeGreaterThan(70_000)
    expect(afterDay1).toBeLessThan(ORG_SIZE)
    const [account] = (await status.read()).accounts
    expect(account!.firstPull).toEqual({ stored: afterDay1, total: ORG_SIZE })

    // Day 2: it resumes on the last page it stored (read again, in case deletions moved projects back
    // onto it) and goes on from there — no earlier page again.
    s.clock.advance(DAY_MS)
    const logged = s.log.all({ vendor: 'opensolar' }).length
    const report = await pull.pullAccount(accountId)
    const day2Pages = pagesAsked(logged)
    expect(day2Pages[0]).toBe(day1Pages.at(-1))
    expect(day2Pages).toEqual(day2Pages.map((_, i) => day1Pages.at(-1)! + i))
    // Every page once (and one past the end: a bare array cannot say the last full page was the last),
    // but the page it resumed on.
    const lastPage = ORG_SIZE / PAGE + 1
    expect(new Set([...day1Pages, ...day2Pages]).size).toBe(lastPage)
    expect(day1Pages.length + day2Pages.length).toBe(lastPage + 1)
    expect(day2Pages.at(-1)).toBe(lastPage)
    expect(report.added).toBe(ORG_SIZE - afterDay1)

    expect(await cached()).toBe(ORG_SIZE)
    expect((await status.read()).accounts[0]!.firstPull).toBeNull()
    // The next pull asks only for what changed since the first began: one page.
    const before = s.log.all({ vendor: 'opensolar' }).length
    await pull.pullAccount(accountId)
    expect(pagesAsked(before)).toEqual([1])
  })
})
