// A chart's readings: the cache answers first; what it lacks is asked of Locus in the fewest
// requests its range limits allow, one at a time, and kept with the range it covers, so the same view
// opens offline next time. Offline (or refused), the answer is what is cached and what is missing.
import { TZDate } from '@date-fns/tz'
import { startOfDay, startOfHour, startOfMonth, startOfYear } from 'date-fns'
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { MethodInput, MethodOutput } from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { ProviderError } from '../providers/http/errors'
import type { Logger } from '../logging/logger'
import type { Provider } from '../providers/provider'
import { type Granularity, splitRange } from '../providers/locus/range-split'
import { missingRanges, requestsFor, type TimeRange } from './cached-ranges'
import { siteTimeZone } from './site-zone'
import { instantOf, midnightOf, periodAround, VIEW_GRANULARITY, wallClock } from './site-time'

type SeriesInput = MethodInput<'monitoring.series'>
type SeriesOutput = MethodOutput<'monitoring.series'>

/** From fine to coarse: a view falls back to the next coarser one a device reports. */
export const GRANULARITY_ORDER = ['5min', '15min', 'hourly', 'daily', 'monthly', 'yearly'] as const
const STEP_MS: Partial<Record<string, number>> = { '5min': 300_000, '15min': 900_000, hourly: 3_600_000 }
/** Gaps closer than this are fetched in one request: a few cached intervals again cost less than a request. */
const JOIN_WITHIN_INTERVALS = 12

/** The custom range's granularity, when none is asked for: the finest whose points stay chartable. */
function granularityForSpan(ms: number): string {
  const days = ms / 86_400_000
  if (days <= 3) return '5min'
  if (days <= 31) return 'hourly'
  if (days <= 400) return 'daily'
  return 'monthly'
}

/**
 * The start of the interval holding `now`, in the site's calendar: readings after it are still being
 * counted at the vendor, so that interval is asked for again next time instead of being kept as done.
 */
export function settledUntil(granularity: string, now: number, zone: string): number {
  const local = new TZDate(now, zone)
  const step = STEP_MS[granularity]
  if (granularity === 'hourly') return startOfHour(local).getTime()
  if (step) {
    const hour = startOfHour(local).getTime()
    return hour + Math.floor((now - hour) / step) * step
  }
  if (granularity === 'daily') return startOfDay(local).getTime()
  if (granularity === 'monthly') return startOfMonth(local).getTime()
  return startOfYear(local).getTime()
}

interface ComponentRow {
  id: number
  remote_id: string
  account_id: string
  name: string
}

export interface ComponentSeriesDeps {
  db: Kysely<Database>
  sqlite: BetterSqlite3.Database
  providerFor: (accountId: string) => Provider
  now?: () => Date
  log?: Logger
}

export class ComponentSeries {
  private readonly now: () => Date
  private readonly saveReading: BetterSqlite3.Statement<[number, string, string, string, number]>
  private readonly saveRange: BetterSqlite3.Statement<[number, string, string, number, number]>
  private readonly rangesOf: BetterSqlite3.Statement<[number, string, string], { start_ms: number; end_ms: number }>
  private readonly readingsOf: BetterSqlite3.Statement<[number, string, string, string, string], [string, number]>
  /** One fetch at a time across every chart (Locus answers one request at a time; its client queues too). */
  private fetching: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: ComponentSeriesDeps) {
    this.now = deps.now ?? (() => new Date())
    const { sqlite } = deps
    this.saveReading = sqlite.prepare(
      `insert into series (component_id, field, granularity, ts, value) values (?, ?, ?, ?, ?)
       on conflict (component_id, field, granularity, ts) do update set value = excluded.value`,
    )
    this.saveRange = sqlite.prepare(
      `insert into series_ranges (component_id, field, granularity, start_ms, end_ms) values (?, ?, ?, ?, ?)
       on conflict do update set end_ms = max(end_ms, excluded.end_ms)`,
    )
    this.rangesOf = sqlite.prepare(
      `select start_ms, end_ms from series_ranges where component_id = ? and field = ? and granularity = ?`,
    )
    this.readingsOf = sqlite
      .prepare(
        `select ts, value from series where component_id = ? and field = ? and granularity = ? and ts >= ? and ts < ?
         order by ts`,
      )
      .raw() as unknown as BetterSqlite3.Statement<[number, string, string, string, string], [string, number]>
  }

  /** `signal`: the window stopped waiting (its call passed its deadline); no further request goes. */
  async series(input: SeriesInput, signal?: AbortSignal): Promise<SeriesOutput> {
    const zone = (await siteTimeZone(this.deps.db, input.projectId)) ?? 'UTC'
    const components = await this.componentsOf(input.projectId, input.componentIds)
    const { range, wanted } = this.rangeOf(input.period, zone)
    const available = await this.availabilityOf(components)
    const granularity = granularityFor(available, components, input.fields, wanted, range)

    let problem: string | null = null
    let requests = 0
    if (input.fetch !== false) {
      try {
        requests = await this.queued(() =>
          this.fetchMissing(components, input.fields, granularity, range, zone, signal),
        )
      } catch (error) {
        // Offline, signed out, refused: what is cached is still worth showing, with what the vendor said.
        if (!(error instanceof ProviderError)) throw error
        problem = error.message
        this.deps.log?.info(`Readings not fetched: ${error.message}`)
      }
    }

    const units = new Map<string, string>()
    for (const row of available) for (const field of row.fields) units.set(`${row.component_id}:${field}`, row.unit)
    const series: SeriesOutput['series'] = []
    const missing: TimeRange[] = []
    for (const component of components) {
      for (const field of input.fields) {
        const rows = this.readingsOf.all(
          component.id,
          field,
          granularity,
          new Date(range.start).toISOString(),
          new Date(range.end).toISOString(),
        )
        series.push({
          componentId: component.id,
          componentName: component.name,
          field,
          unit: units.get(`${component.id}:${field}`) ?? null,
          ts: rows.map(([ts]) => Date.parse(ts)),
          values: rows.map(([, value]) => value),
        })
        missing.push(...this.missingOf(component.id, field, granularity, range, zone))
      }
    }
    return {
      range,
      granularity,
      timeZone: zone,
      series,
      missing: requestsFor(missing, 0),
      requests,
      problem,
    }
  }

  /** Fetches what the cache lacks of these readings over the range (a pull's recent window); returns requests made. */
  async ensure(
    projectId: string,
    componentIds: readonly number[],
    fields: readonly string[],
    granularity: string,
    range: TimeRange,
  ): Promise<number> {
    const zone = (await siteTimeZone(this.deps.db, projectId)) ?? 'UTC'
    const components = await this.componentsOf(projectId, componentIds)
    return this.queued(() => this.fetchMissing(components, fields, granularity, range, zone))
  }

  /** What no recorded range covers, up to the interval still being counted (never cached as done). */
  private missingOf(componentId: number, field: string, granularity: string, range: TimeRange, zone: string) {
    const end = Math.min(range.end, this.now().getTime())
    if (end <= range.start) return []
    const cached = this.rangesOf.all(componentId, field, granularity).map((r) => ({ start: r.start_ms, end: r.end_ms }))
    // The interval in progress is always fetched again, but is not "missing" from what can be shown.
    const settled = Math.max(range.start, Math.min(end, settledUntil(granularity, end, zone)))
    return missingRanges(cached, { start: range.start, end: settled })
  }

  private async fetchMissing(
    components: ComponentRow[],
    fields: readonly string[],
    granularity: string,
    range: TimeRange,
    zone: string,
    signal?: AbortSignal,
  ): Promise<number> {
    const now = this.now().getTime()
    const until = Math.min(range.end, now)
    if (until <= range.start) return 0
    const settled = settledUntil(granularity, now, zone)
    let requests = 0
    for (const component of components) {
      const monitoring = this.deps.providerFor(component.account_id).monitoring
      if (!monitoring) throw new AppError('invalid_input', 'This account has no monitoring data.')
      // Every field together in each request: the gaps of all of them, joined.
      const gaps = fields.flatMap((field) => {
        const cached = this.rangesOf
          .all(component.id, field, granularity)
          .map((r) => ({ start: r.start_ms, end: r.end_ms }))
        return missingRanges(cached, { start: range.start, end: until })
      })
      const join = (STEP_MS[granularity] ?? 86_400_000) * JOIN_WITHIN_INTERVALS
      for (const gap of requestsFor(gaps, join)) {
        // Locus checks a range's length on its own wall clock: split there, convert the seams back.
        const pieces =
          granularity === 'monthly' || granularity === 'yearly'
            ? [{ start: wallClock(gap.start, zone), end: wallClock(gap.end, zone) }]
            : splitRange(
                { start: wallClock(gap.start, zone), end: wallClock(gap.end, zone) },
                granularity as Granularity,
              )
        let pieceStart = gap.start
        for (const [i, piece] of pieces.entries()) {
          const pieceEnd = i === pieces.length - 1 ? gap.end : instantOf(piece.end, zone)
          signal?.throwIfAborted()
          const readings = await monitoring.readings(component.remote_id, {
            fields: [...fields],
            granularity,
            start: piece.start,
            end: piece.end,
            tz: zone,
            signal,
          })
          requests++
          const keptUntil = Math.min(pieceEnd, settled)
          this.deps.sqlite
            .transaction(() => {
              for (const reading of readings) {
                const ts = Date.parse(reading.ts)
                if (Number.isNaN(ts)) continue
                const iso = new Date(ts).toISOString()
                for (const [field, value] of Object.entries(reading.values))
                  if (fields.includes(field)) this.saveReading.run(component.id, field, granularity, iso, value)
              }
              if (keptUntil > pieceStart)
                for (const field of fields) this.saveRange.run(component.id, field, granularity, pieceStart, keptUntil)
            })
            .immediate()
          pieceStart = pieceEnd
        }
      }
    }
    return requests
  }

  private queued<T>(work: () => Promise<T>): Promise<T> {
    const run = this.fetching.then(work, work)
    this.fetching = run.catch(() => undefined)
    return run
  }

  private rangeOf(period: SeriesInput['period'], zone: string): { range: TimeRange; wanted: string | undefined } {
    if (period.view !== 'custom')
      return { range: periodAround(period.view, period.at, zone), wanted: VIEW_GRANULARITY[period.view] }
    const start = midnightOf(period.from, zone)
    // `to` is the last day shown: the range ends at the next day's midnight.
    const end = periodAround('day', midnightOf(period.to, zone), zone).end
    if (end <= start) throw new AppError('invalid_input', 'The range ends before it starts.')
    return { range: { start, end }, wanted: period.granularity }
  }

  /** What each device reports (Locus dataavailable, cached), its JSON read once. */
  private async availabilityOf(components: ComponentRow[]): Promise<Availability[]> {
    const rows = await this.deps.db
      .selectFrom('data_availability')
      .select(['component_id', 'unit', 'fields_json', 'granularities_json'])
      .where(
        'component_id',
        'in',
        components.map((c) => c.id),
      )
      .execute()
    return rows.map((r) => ({
      component_id: r.component_id,
      unit: r.unit,
      fields: JSON.parse(r.fields_json) as string[],
      granularities: JSON.parse(r.granularities_json) as string[],
    }))
  }

  private async componentsOf(projectId: string, ids: readonly number[]): Promise<ComponentRow[]> {
    const rows = await this.deps.db
      .selectFrom('components')
      .select(['id', 'remote_id', 'account_id', 'name'])
      .where('project_id', '=', projectId)
      .where('id', 'in', [...ids])
      .execute()
    const found = ids.map((id) => rows.find((r) => r.id === id))
    if (found.some((r) => !r))
      throw new AppError('not_found', 'A device chosen is no longer at this site. Sync, then choose again.')
    return found as ComponentRow[]
  }
}

interface Availability {
  component_id: number
  unit: string
  fields: string[]
  granularities: string[]
}

/** The view's granularity, or the next coarser one every chosen device reports for every chosen field. */
function granularityFor(
  available: readonly Availability[],
  components: readonly ComponentRow[],
  fields: readonly string[],
  wanted: string | undefined,
  range: TimeRange,
): string {
  const offered = (componentId: number, field: string) =>
    available.filter((a) => a.component_id === componentId && a.fields.includes(field)).flatMap((a) => a.granularities)
  for (const component of components)
    for (const field of fields)
      if (offered(component.id, field).length === 0)
        throw new AppError('invalid_input', `${component.name} does not report ${field}.`)
  const first = GRANULARITY_ORDER.indexOf(
    (wanted ?? granularityForSpan(range.end - range.start)) as (typeof GRANULARITY_ORDER)[number],
  )
  const choice = GRANULARITY_ORDER.slice(Math.max(0, first)).find((g) =>
    components.every((c) => fields.every((f) => offered(c.id, f).includes(g))),
  )
  if (!choice)
    throw new AppError('invalid_input', 'These devices report these fields at no granularity this view can show.')
  return choice
}
