// A monitored site's calendar: its day, week, month and year in its own time zone (Locus's
// `locationTimezone`), across daylight-saving changes — a spring day has 23 hours, an autumn day 25 —
// and the wall-clock strings Locus takes for a request's range in that zone.
import { TZDate } from '@date-fns/tz'
import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  format,
  startOfDay,
  startOfMonth,
  startOfWeek,
  startOfYear,
} from 'date-fns'
import type { TimeRange } from './cached-ranges'

export type PeriodView = 'day' | 'week' | 'month' | 'year'

/** What each view reads: as fine as the view's span allows Locus to answer in a handful of requests. */
export const VIEW_GRANULARITY: Record<PeriodView, string> = {
  day: '5min',
  week: 'hourly',
  month: 'daily',
  year: 'monthly',
}

const START_OF: Record<PeriodView, (d: TZDate) => TZDate> = {
  day: (d) => startOfDay(d),
  // Weeks start on Monday, as on a site's work schedule.
  week: (d) => startOfWeek(d, { weekStartsOn: 1 }),
  month: (d) => startOfMonth(d),
  year: (d) => startOfYear(d),
}
const ADD: Record<PeriodView, (d: TZDate, n: number) => TZDate> = {
  day: (d, n) => addDays(d, n),
  week: (d, n) => addWeeks(d, n),
  month: (d, n) => addMonths(d, n),
  year: (d, n) => addYears(d, n),
}

/** The site's day (week, month, year) that holds the instant `at`, as UTC instants. */
export function periodAround(view: PeriodView, at: number, zone: string): TimeRange {
  const start = START_OF[view](new TZDate(at, zone))
  return { start: start.getTime(), end: ADD[view](start, 1).getTime() }
}

/** Local midnight of a calendar date ('YYYY-MM-DD') in the site's zone, as a UTC instant. */
export function midnightOf(date: string, zone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) throw new RangeError(`Not a date: ${date}`)
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const local = new TZDate(y, m - 1, d, zone)
  if (Number.isNaN(local.getTime()) || local.getDate() !== d) throw new RangeError(`Not a date: ${date}`)
  // A zone that skips midnight (a DST change at 00:00) starts the day at the first instant that exists.
  return startOfDay(local).getTime()
}

/** An instant as the zone's wall clock, the form Locus takes for `start` and `end` (YYYY-MM-DDThh:mm:ss). */
export function wallClock(at: number, zone: string): string {
  return format(new TZDate(at, zone), "yyyy-MM-dd'T'HH:mm:ss")
}

/** A wall-clock time in the zone as an instant (a repeated hour's first occurrence; a skipped one moved on). */
export function instantOf(local: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local)
  if (!m) throw new RangeError(`Not a wall-clock time: ${local}`)
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  return new TZDate(y, mo - 1, d, h, mi, s, zone).getTime()
}

/** Whether the runtime knows the zone (a site's zone the runtime does not know is shown in UTC, labelled). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
