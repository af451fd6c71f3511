// Charts' readings against the Locus simulator: cache first, only the missing ranges fetched, one request
// at a time, in the site's calendar; offline, what is cached and what is missing.
import { describe, expect, it } from 'vitest'
import { ComponentSeries } from '../../../src-main/monitoring/component-series'
import { wallClock } from '../../../src-main/monitoring/site-time'
import { MonitoringPull } from '../../../src-main/sync/pull/monitoring-pull'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { saveRemoteCopy } from '../../../src-main/projects/remote-copy'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { demoLocusClient } from '../../helpers/locus-client'
import { useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()
const DAY = 86_400_000

async function setup() {
  const s = await sandboxes({ sites: 2 })
  const { db, sqlite } = await openTestDatabase(tempDir())
  const accountId = await insertAccount(db, { id: 'locus', provider: 'locus' })
  const client = demoLocusClient(s, { http: { minBackoffMs: 5, maxBackoffMs: 20, retries: 0 } })

  const now = () => new Date(s.clock.nowMs())
  await new PullEngine({ db, sqlite, providerFor: () => client, now }).pullAccount(accountId)
  const series = new ComponentSeries({ db, sqlite, providerFor: () => client, now })
  await new MonitoringPull(db, () => client, series, now).pullAccount(accountId)
  const site = [...s.state.locus.sites.values()][0]!
  const { id: projectId } = await db
    .selectFrom('projects')
    .select('id')
    .where('remote_id', '=', String(site.id))
    .executeTakeFirstOrThrow()
  const inverters = await db
    .selectFrom('components')
    .select(['id', 'remote_id'])
    .where('project_id', '=', projectId)
    .where('node_type', '=', 'INVERTER')
    .orderBy('id')
    .execute()
  s.log.clear()
  const dataCalls = () => s.log.all({ vendor: 'locus', pathIncludes: '/data?' })
  return { s, db, client, series, projectId, site, inverters, dataCalls }
}

describe('component series', () => {
  it('fetches a day once, in the site’s zone, and answers it from the cache after', async () => {
    const { s, client, series, projectId, site, inverters, dataCalls } = await setup()
    const inverter = inverters[0]!
    const at = s.clock.nowMs() - 3 * DAY
    const first = await series.series({
      projectId,
      componentIds: [inverter.id],
      fields: ['W_avg'],
      period: { view: 'day', at },
      fetch: true,
    })
    expect(first.granularity).toBe('5min')
    expect(first.timeZone).toBe(site.locationTimezone)
    expect(first.requests).toBe(1)
    expect(first.missing).toEqual([])
    const [call] = dataCalls()
    const q = new URL(call!.path, 'http://x').searchParams
    expect(q.get('tz')).toBe(site.locationTimezone)
    expect(q.get('start')).toBe(wallClock(first.range.start, site.locationTimezone))
    expect(q.get('start')).toMatch(/T00:00:00$/)
    expect(q.get('end')).toMatch(/T00:00:00$/)

    // What Locus answers for that day, value for value.
    const direct = await client.data(
      { component: Number(inverter.remote_id) },
      { fields: ['W_avg'], tz: site.locationTimezone, gran: '5min', start: q.get('start')!, end: q.get('end')! },
    )
    const [line] = first.series
    expect(line!.ts).toEqual(direct.filter((d) => typeof d['W_avg'] === 'number').map((d) => Date.parse(d.ts)))
    expect(line!.values).toEqual(direct.flatMap((d) => (typeof d['W_avg'] === 'number' ? [d['W_avg']] : [])))

    s.log.clear()
    const again = await series.series({
      projectId,
      componentIds: [inverter.id],
      fields: ['W_avg'],
      period: { view: 'day', at },
      fetch: true,
    })
    expect(again.requests).toBe(0)
    expect(dataCalls()).toEqual([])
    expect(again.series).toEqual(first.series)
  })

  it('asks only for what a wider range adds, in the fewest requests Locus’s limits allow', async () => {
    const { s, series, projectId, inverters, dataCalls } = await setup()
    const inverter = inverters[0]!
    const today = new Date(s.clock.nowMs()).toISOString().slice(0, 10)
    const daysAgo = (n: number) => new Date(s.clock.nowMs() - n * DAY).toISOString().slice(0, 10)
    const ask = (from: string) =>
      series.series({
        projectId,
        componentIds: [inverter.id],
        fields: ['W_avg', 'Wh_sum'],
        period: { view: 'custom', from, to: today, granularity: '5min' },
        fetch: true,
      })
    // 40 days of 5-minute data: 5min ranges must be under 31 days, so two requests.
    const first = await ask(daysAgo(40))
    expect(first.requests).toBe(2)
    const firstStart = first.range.start
    s.log.clear()
    // Ten days more on the left: one request for those ten days, and one for the few minutes since (the
    // interval that was in progress is asked for again, never kept as done).
    const wider = await ask(daysAgo(50))
    expect(wider.requests).toBe(2)
    const [left, tail] = dataCalls().map((call) => new URL(call.path, 'http://x').searchParams)
    expect(left!.get('start')).toBe(wallClock(wider.range.start, first.timeZone))
    expect(left!.get('end')).toBe(wallClock(firstStart, first.timeZone))
    const tailMs = Date.parse(`${tail!.get('end')}Z`) - Date.parse(`${tail!.get('start')}Z`)
    expect(tailMs).toBeGreaterThan(0)
    expect(tailMs).toBeLessThanOrEqual(2 * 300_000)
    expect(s.log.maxConcurrent('locus')).toBe(1)
  })

  it('overlays several inverters and fields in one answer', async () => {
    const { s, series, projectId, inverters } = await setup()
    expect(inverters.length).toBeGreaterThanOrEqual(2)
    const answer = await series.series({
      projectId,
      componentIds: inverters.slice(0, 2).map((i) => i.id),
      fields: ['W_avg', 'Wh_sum'],
      period: { view: 'week', at: s.clock.nowMs() - 8 * DAY },
      fetch: true,
    })
    expect(answer.granularity).toBe('hourly')
    expect(answer.series.map((x) => [x.componentId, x.field])).toEqual([
      [inverters[0]!.id, 'W_avg'],
      [inverters[0]!.id, 'Wh_sum'],
      [inverters[1]!.id, 'W_avg'],
      [inverters[1]!.id, 'Wh_sum'],
    ])
    expect(answer.series.find((x) => x.field === 'W_avg')!.unit).toBe('W')
    for (const line of answer.series) {
      expect(line.ts.length).toBeGreaterThan(24 * 5)
      expect(line.ts.every((t) => t >= answer.range.start && t < answer.range.end)).toBe(true)
    }
    expect(answer.requests).toBe(2) // one per inverter, both fields together
  })

  it('offline, shows what is cached and says what is missing, without failing', async () => {
    const { s, series, projectId, inverters } = await setup()
    const inverter = inverters[0]!
    const at = s.clock.nowMs() - 10 * DAY
    await series.series({ projectId, componentIds: [inverter.id], fields: ['W_avg'], period: { view: 'day', at } })
    s.faults.add({ vendor: 'locus', drop: 'before-response' })
    const week = await series.series({
      projectId,
      componentIds: [inverter.id],
      fields: ['W_avg'],
      period: {
        view: 'custom',
        from: new Date(at - 3 * DAY).toISOString().slice(0, 10),
        to: new Date(at + 3 * DAY).toISOString().slice(0, 10),
        granularity: '5min',
      },
    })
    expect(week.problem).toMatch(/\w/)
    expect(week.requests).toBe(0)
    // The cached day is there; the days either side are reported missing.
    const [line] = week.series
    expect(line!.ts.length).toBeGreaterThan(200)
    expect(week.missing.length).toBe(2)
    expect(week.missing[0]!.start).toBe(week.range.start)
    expect(week.missing[1]!.end).toBe(week.range.end)
  })

  it('gives a day of 23 hours where the site’s clocks go forward', async () => {
    const { s, db, series, projectId, inverters } = await setup()
    await saveRemoteCopy(db, projectId, {
      ...(JSON.parse(
        (
          await db
            .selectFrom('project_remote')
            .innerJoin('projects', 'projects.seq', 'project_remote.seq')
            .select('remote_json')
            .where('projects.id', '=', projectId)
            .executeTakeFirstOrThrow()
        ).remote_json,
      ) as object),
      locationTimezone: 'America/New_York',
    })
    const springDay = Date.parse('2026-03-08T17:00:00Z')
    if (springDay > s.clock.nowMs()) return expect.fail('the simulator’s clock is before the test’s DST day')
    const answer = await series.series({
      projectId,
      componentIds: [inverters[0]!.id],
      fields: ['W_avg'],
      period: { view: 'day', at: springDay },
    })
    expect(answer.range.end - answer.range.start).toBe(23 * 3_600_000)
    const [line] = answer.series
    // Every 5 minutes of a 23-hour day at most, none outside it, none twice.
    expect(line!.ts.length).toBeLessThanOrEqual(23 * 12)
    expect(new Set(line!.ts).size).toBe(line!.ts.length)
    expect(line!.ts.every((t) => t >= answer.range.start && t < answer.range.end)).toBe(true)
  })

  it('refuses a field the device does not report, naming it', async () => {
    const { s, series, projectId, inverters } = await setup()
    await expect(
      series.series({
        projectId,
        componentIds: [inverters[0]!.id],
        fields: ['Nope_avg'],
        period: { view: 'day', at: s.clock.nowMs() },
      }),
    ).rejects.toThrow(/does not report Nope_avg/)
  })
})
