import { describe, expect, it } from 'vitest'
import { isKnownZone, midnightOf, periodAround, wallClock } from '../../../src-main/monitoring/site-time'

const iso = (ms: number) => new Date(ms).toISOString()
const HOUR = 3_600_000

describe('a site’s calendar', () => {
  it('has days of 23 and 25 hours where daylight saving starts and ends', () => {
    const spring = periodAround('day', Date.parse('2026-03-08T15:00:00Z'), 'America/New_York')
    expect(iso(spring.start)).toBe('2026-03-08T05:00:00.000Z')
    expect((spring.end - spring.start) / HOUR).toBe(23)
    const autumn = periodAround('day', Date.parse('2026-10-25T12:00:00Z'), 'Europe/London')
    expect(iso(autumn.start)).toBe('2026-10-24T23:00:00.000Z')
    expect((autumn.end - autumn.start) / HOUR).toBe(25)
    // Southern hemisphere: Sydney leaves daylight saving on the first Sunday of April.
    const sydney = periodAround('day', Date.parse('2026-04-05T03:00:00Z'), 'Australia/Sydney')
    expect((sydney.end - sydney.start) / HOUR).toBe(25)
  })

  it('finds the site’s day, not the viewer’s or UTC’s, for an instant near midnight', () => {
    // 02:00 UTC on the 10th is still the 9th in Los Angeles.
    const day = periodAround('day', Date.parse('2026-07-10T02:00:00Z'), 'America/Los_Angeles')
    expect(wallClock(day.start, 'America/Los_Angeles')).toBe('2026-07-09T00:00:00')
    expect(iso(day.start)).toBe('2026-07-09T07:00:00.000Z')
  })

  it('starts weeks on Monday and months and years at the site’s local midnight', () => {
    const zone = 'Australia/Sydney'
    const week = periodAround('week', Date.parse('2026-03-11T00:00:00Z'), zone)
    expect(wallClock(week.start, zone)).toBe('2026-03-09T00:00:00')
    expect(wallClock(week.end, zone)).toBe('2026-03-16T00:00:00')
    const month = periodAround('month', Date.parse('2026-02-28T20:00:00Z'), zone) // already 1 March there
    expect(wallClock(month.start, zone)).toBe('2026-03-01T00:00:00')
    expect(wallClock(month.end, zone)).toBe('2026-04-01T00:00:00')
    const year = periodAround('year', Date.parse('2026-06-01T00:00:00Z'), zone)
    expect(iso(year.start)).toBe('2025-12-31T13:00:00.000Z')
    expect(iso(year.end)).toBe('2026-12-31T13:00:00.000Z')
  })

  it('takes a calendar date as local midnight, or the first instant of a day whose midnight is skipped', () => {
    expect(iso(midnightOf('2026-03-08', 'America/New_York'))).toBe('2026-03-08T05:00:00.000Z')
    // Santiago moves its clocks from 00:00 to 01:00 on 6 September 2026.
    const santiago = midnightOf('2026-09-06', 'America/Santiago')
    expect(wallClock(santiago, 'America/Santiago')).toBe('2026-09-06T01:00:00')
    expect(() => midnightOf('2026-02-30', 'UTC')).toThrow(RangeError)
    expect(() => midnightOf('yesterday', 'UTC')).toThrow(RangeError)
  })

  it('writes the wall-clock times Locus takes in the site’s zone', () => {
    expect(wallClock(Date.parse('2026-01-15T12:30:00Z'), 'US/Pacific')).toBe('2026-01-15T04:30:00')
    expect(wallClock(Date.parse('2026-01-15T12:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-15T18:00:00')
    expect(isKnownZone('US/Pacific')).toBe(true)
    expect(isKnownZone('Mars/Olympus_Mons')).toBe(false)
  })
})
