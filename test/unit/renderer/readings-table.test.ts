import { describe, expect, it } from 'vitest'
import {
  alignReadings,
  readingsCsv,
  readingsForView,
  zonedDates,
  siteTimestamp,
} from '../../../src-renderer/features/monitoring/readings-table'

const line = (componentName: string, field: string, unit: string | null, ts: number[], values: (number | null)[]) => ({
  componentId: 1,
  componentName,
  field,
  unit,
  ts,
  values,
})

describe('readings table', () => {
  it('puts every line on one time axis, with gaps where a line has no reading', () => {
    const table = alignReadings([
      line('Inverter 1', 'W_avg', 'W', [0, 300, 600], [1, 2, 3]),
      line('Inverter 2', 'W_avg', 'W', [300, 900], [5, 6]),
    ])
    expect(table.ts).toEqual([0, 300, 600, 900])
    expect(table.columns).toEqual([
      [1, 2, 3, null],
      [null, 5, null, 6],
    ])
  })

  it('writes times as the site’s wall clock with its offset, either side of a DST change', () => {
    expect(siteTimestamp(Date.parse('2026-03-08T06:55:00Z'), 'America/New_York')).toBe('2026-03-08T01:55:00-05:00')
    expect(siteTimestamp(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08T03:00:00-04:00')
    expect(siteTimestamp(Date.parse('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00+00:00')
  })

  it('exports CSV with a header naming device, field and unit, and quotes what needs it', () => {
    const csv = readingsCsv(
      [
        line('Inverter "East", roof', 'W_avg', 'W', [Date.parse('2026-06-01T12:00:00Z')], [1500]),
        line('Meter', 'Wh_sum', 'Wh', [Date.parse('2026-06-01T12:05:00Z')], [42]),
      ],
      'Europe/London',
    )
    expect(csv.split('\n')).toEqual([
      'time (Europe/London),"Inverter ""East"", roof W_avg (W)",Meter Wh_sum (Wh)',
      '2026-06-01T13:00:00+01:00,1500,',
      '2026-06-01T13:05:00+01:00,,42',
      '',
    ])
  })

  it('keeps every reading of a short view, and each pixel column’s lows and highs of a long one', () => {
    const ts = Array.from({ length: 10_000 }, (_, i) => i * 900_000)
    const spike = 4321
    const values = ts.map((_, i) => (i === spike ? 9999 : i === spike + 1000 ? -5 : i % 7))
    const table = { ts, columns: [values, values.map((v) => v * 2)] }
    const short = readingsForView(table, ts[100]!, ts[150]!, 500)
    expect(short.ts).toEqual(ts.slice(99, 151))
    const long = readingsForView(table, ts[0]!, ts.at(-1)! + 1, 400)
    expect(long.ts.length).toBeLessThanOrEqual(2 * 400 + 2)
    // Nothing invented, nothing lost that shows: the spike and the dip are there, at their times.
    expect(long.columns[0]).toContain(9999)
    expect(long.columns[0]).toContain(-5)
    // At its time, to within the pixel column it falls in.
    const column = (ts.at(-1)! + 1) / 400
    expect(Math.abs(long.ts[long.columns[0]!.indexOf(9999)]! - ts[spike]!)).toBeLessThanOrEqual(column)
    expect(long.columns[1]![long.columns[0]!.indexOf(9999)]).toBe(19998)
    expect([...long.ts]).toEqual([...long.ts].sort((a, b) => a - b))
  })

  it('gives dates whose local fields read the site’s wall clock, either side of DST, as uPlot’s tzDate does', () => {
    const wallClock = (d: Date) =>
      [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()].join(' ')
    const chicago = zonedDates('America/Chicago')
    expect(wallClock(chicago(Date.parse('2026-03-08T07:59:00Z')))).toBe('2026 3 8 1 59 0')
    expect(wallClock(chicago(Date.parse('2026-03-08T08:00:00Z')))).toBe('2026 3 8 3 0 0')
    expect(wallClock(chicago(Date.parse('2026-11-01T06:30:00Z')))).toBe('2026 11 1 1 30 0')
    expect(wallClock(chicago(Date.parse('2026-11-01T07:30:00Z')))).toBe('2026 11 1 1 30 0')
    const kolkata = zonedDates('Asia/Kolkata')
    expect(wallClock(kolkata(Date.parse('2026-01-15T12:30:00Z')))).toBe('2026 1 15 18 0 0')
  })
})
