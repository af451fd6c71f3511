// Locus → cache against the simulator: the tree, availability, recent readings and alerts, asked for
// sparingly and one request at a time.
import { describe, expect, it } from 'vitest'
import { ComponentSeries } from '../../../src-main/monitoring/component-series'
import { MonitoringQueries } from '../../../src-main/monitoring/monitoring-queries'
import { demoLocusClient } from '../../helpers/locus-client'
import { ALERTS_MAX_LOOKBACK_MS, MonitoringPull, RECENT_HOURS } from '../../../src-main/sync/pull/monitoring-pull'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { saveRemoteCopy } from '../../../src-main/projects/remote-copy'
import { nextFault, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

async function setup(sites = 6) {
  const s = await sandboxes({ sites })
  const { db, sqlite } = await openTestDatabase(tempDir())
  const accountId = await insertAccount(db, { id: 'locus', provider: 'locus' })
  const client = demoLocusClient(s)

  const now = () => new Date(s.clock.nowMs())
  await new PullEngine({ db, sqlite, providerFor: () => client, now }).pullAccount(accountId)
  const series = new ComponentSeries({ db, sqlite, providerFor: () => client, now })
  const monitoring = new MonitoringPull(db, () => client, series, now)
  return { s, db, accountId, client, monitoring }
}

describe('monitoring pull (Locus)', () => {
  it('caches every component under its site, with what it can report, its recent readings and alerts', async () => {
    const { s, db, accountId, client, monitoring } = await setup()
    const report = await monitoring.pullAccount(accountId)
    const remote = await client.components({ partner: true })
    expect(report!.components).toBe(remote.length)
    const cached = await db
      .selectFrom('components')
      .innerJoin('projects', 'projects.id', 'components.project_id')
      .select(['components.remote_id', 'components.name', 'projects.remote_id as site'])
      .execute()
    expect(cached.map((r) => [r.remote_id, r.site]).sort()).toEqual(
      remote.map((r) => [String(r.id), String(r.siteId)]).sort(),
    )
    const inverter = remote.find((r) => r.nodeType === 'INVERTER')!
    const row = cached.find((r) => r.remote_id === String(inverter.id))!
    expect(row.name).toBe(inverter.name)
    const availability = await db.selectFrom('data_availability').selectAll().execute()
    expect(new Set(availability.map((a) => a.component_id)).size).toBe(remote.length)

    // Readings: hourly energy over the recent window, equal to what Locus answers for it.
    const series = await db
      .selectFrom('series')
      .innerJoin('components', 'components.id', 'series.component_id')
      .select(['series.ts', 'series.value'])
      .where('components.remote_id', '=', String(inverter.id))
      .where('series.field', '=', 'Wh_sum')
      .orderBy('series.ts')
      .execute()
    expect(series.length).toBeGreaterThanOrEqual(RECENT_HOURS - 1)
    const end = new Date(Math.ceil(s.clock.nowMs() / 3_600_000) * 3_600_000).toISOString().slice(0, 19)
    const direct = await client.data(
      { component: inverter.id },
      { fields: ['Wh_sum'], tz: 'UTC', gran: 'hourly', start: series[0]!.ts.slice(0, 19), end },
    )
    // Every cached hour holds exactly what Locus answers for it (compared by time: the direct read runs a
    // moment later and may already see the next hour begin).
    const byTime = new Map(direct.map((d) => [new Date(d.ts).toISOString(), d['Wh_sum'] ?? null]))
    for (const reading of series) expect(byTime.get(reading.ts)).toBe(reading.value)

    const alerts = await client.alerts(
      { partner: true },
      { tz: 'UTC', updatedSince: new Date(s.clock.nowMs() - ALERTS_MAX_LOOKBACK_MS).toISOString().slice(0, 19) },
    )
    const cachedAlerts = await db.selectFrom('alerts').select(['remote_id', 'project_id']).execute()
    expect(alerts.length).toBeGreaterThan(0)
    expect(cachedAlerts.map((a) => a.remote_id).sort()).toEqual(alerts.map((a) => String(a.id)).sort())
    expect(cachedAlerts.every((a) => a.project_id !== null)).toBe(true)
    // Locus serves one request at a time: never more in flight.
    expect(s.log.maxConcurrent('locus')).toBe(1)
  })

  it('asks again only for what is new: no availability twice, readings from the hour that was in progress', async () => {
    const { s, db, accountId, monitoring } = await setup(2)
    await monitoring.pullAccount(accountId)
    const before = await db
      .selectFrom('series')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    s.clock.advance(3 * 3_600_000)
    s.log.clear()
    await monitoring.pullAccount(accountId)
    const paths = s.log.all({ vendor: 'locus' }).map((r) => r.path)
    expect(paths.filter((p) => p.includes('dataavailable'))).toEqual([])
    const dataCalls = s.log.all({ vendor: 'locus', pathIncludes: '/data?' })
    expect(dataCalls.length).toBeGreaterThan(0)
    for (const call of dataCalls) {
      const q = new URL(call.path, 'http://x').searchParams
      // From the last cached hour, not the whole 48 h window again: 3 h elapsed, plus the last cached hour asked
      // again, plus up to one partial hour at each end when the clock is just past the hour (no reading yet).
      expect(Date.parse(`${q.get('end')}Z`) - Date.parse(`${q.get('start')}Z`)).toBeLessThanOrEqual(6 * 3_600_000)
    }
    const after = await db
      .selectFrom('series')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    // Only the new hours (and the one that was in progress) came in; the older ones stay for offline charts.
    expect(Number(after.n)).toBeGreaterThan(Number(before.n))
    expect(Number(after.n) - Number(before.n)).toBeLessThanOrEqual(dataCalls.length * 2 * 5)
  })

  it('drops a component removed at the vendor, with its readings', async () => {
    const { s, db, accountId, monitoring } = await setup(2)
    await monitoring.pullAccount(accountId)
    const [gone] = [...s.state.locus.components.values()]
    s.state.locus.components.delete(gone!.id)
    await monitoring.pullAccount(accountId)
    expect(await db.selectFrom('components').select('id').where('remote_id', '=', String(gone!.id)).execute()).toEqual(
      [],
    )
  })

  it('keeps modelled fields (no aggregations, no short names) among what a component reports', async () => {
    const { s, db, accountId, monitoring } = await setup(2)
    await monitoring.pullAccount(accountId)
    const inverter = [...s.state.locus.components.values()].find((x) => x.nodeType === 'INVERTER')!
    const [row] = await db.selectFrom('components').select('id').where('remote_id', '=', String(inverter.id)).execute()
    const fields = await db.selectFrom('data_availability').selectAll().where('component_id', '=', row!.id).execute()
    expect(fields.find((f) => f.base_field === 'W_m')?.fields_json).toBe('[]')
    expect(fields.find((f) => f.base_field === 'Wh')?.fields_json).toBe('["Wh_sum"]')
  })

  it('lists alerts across sites, open ones alone when asked, each with its site and the site’s zone', async () => {
    const { s, db, accountId, monitoring } = await setup()
    // To a moment when some inverter's fault is under way.
    const fault = nextFault(s)
    const now = s.clock.nowMs()
    s.clock.advance(fault.startMs + 10 * 60_000 - now)
    await monitoring.pullAccount(accountId)
    const queries = new MonitoringQueries(db)
    const all = await queries.alerts({ open: false, limit: 500 })
    const open = await queries.alerts({ open: true, limit: 500 })
    const cached = await db.selectFrom('alerts').select(['remote_id', 'ended_at']).execute()
    expect(all.items).toHaveLength(cached.length)
    expect(open.items).toHaveLength(cached.filter((a) => a.ended_at === null).length)
    expect(open.items.length).toBeGreaterThan(0)
    expect(open.items.every((a) => a.endedAt === null)).toBe(true)
    // Newest first.
    const starts = all.items.map((a) => a.startedAt)
    expect(starts).toEqual([...starts].sort().reverse())
    for (const alert of all.items.slice(0, 5)) {
      const project = await db
        .selectFrom('projects')
        .select(['title', 'remote_id'])
        .where('id', '=', alert.projectId)
        .executeTakeFirstOrThrow()
      expect(alert.siteTitle).toBe(project.title)
      expect(alert.timeZone).toBe(s.state.locus.sites.get(Number(project.remote_id))!.locationTimezone)
    }
    // Once the fault clears, the alert is closed: listed among all, no longer among the open.
    s.clock.advance(fault.endMs + 10 * 60_000 - s.clock.nowMs())
    await monitoring.pullAccount(accountId)
    const cleared = await queries.alerts({ open: true, limit: 500 })
    const ended = (await queries.alerts({ open: false, limit: 500 })).items.find((a) => a.id === open.items[0]!.id)
    expect(ended?.endedAt).not.toBeNull()
    expect(cleared.items.map((a) => a.id)).not.toContain(open.items[0]!.id)
  })

  it('gives the site’s time zone with its data, and none when Locus names one nobody knows', async () => {
    const { s, db, accountId, monitoring } = await setup(2)
    await monitoring.pullAccount(accountId)
    const [site, other] = [...s.state.locus.sites.values()]
    const project = async (remoteId: number) =>
      (await db.selectFrom('projects').select('id').where('remote_id', '=', String(remoteId)).executeTakeFirstOrThrow())
        .id
    const queries = new MonitoringQueries(db)
    expect((await queries.site(await project(site!.id))).timeZone).toBe(site!.locationTimezone)
    const bogus = await project(other!.id)
    await saveRemoteCopy(db, bogus, { locationTimezone: 'Mars/Olympus_Mons' })
    expect((await queries.site(bogus)).timeZone).toBeNull()
  })
})
