// Readings of several lines on one time axis (the chart's data and the CSV's rows): each line's own
// timestamps merged, a gap where a line has no reading (Locus leaves out fields it has no value for).
import type { MethodOutput } from '../../../src-shared/contract'

type Line = MethodOutput<'monitoring.series'>['series'][number]

/** Read-only: when the lines share their times, these are the answer's own arrays, not copies. */
export interface ReadingsTable {
  /** Every timestamp any line has, ascending (epoch ms). */
  ts: readonly number[]
  /** One column per line, aligned to `ts`; null where that line has no reading. */
  columns: readonly (readonly (number | null)[])[]
}

export function alignReadings(lines: readonly Line[]): ReadingsTable {
  // Lines of one granularity over one range nearly always share their times: nothing to merge.
  const [first] = lines
  if (first && lines.every((line) => sameTimes(line.ts, first.ts)))
    return { ts: first.ts, columns: lines.map((line) => line.values) }
  const ts = [...new Set(lines.flatMap((l) => l.ts))].sort((a, b) => a - b)
  const index = new Map(ts.map((t, i) => [t, i]))
  const columns = lines.map((line) => {
    const column: (number | null)[] = Array.from({ length: ts.length }, () => null)
    line.ts.forEach((t, i) => (column[index.get(t)!] = line.values[i] ?? null))
    return column
  })
  return { ts, columns }
}

function sameTimes(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** What a line is called in a legend and a CSV header: device, field and unit. */
export const lineLabel = (line: Pick<Line, 'componentName' | 'field' | 'unit'>): string =>
  `${line.componentName} ${line.field}${line.unit ? ` (${line.unit})` : ''}`

/** The site's wall-clock time with its offset, e.g. 2026-03-08T03:05:00-04:00 (what a spreadsheet can read back). */
export function siteTimestamp(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  )
  const offset = parts['timeZoneName'] === 'GMT' ? '+00:00' : String(parts['timeZoneName']).replace('GMT', '')
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${offset}`
}

const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/** The readings as CSV: a row per time in the site's zone, a column per line, empty where none. */
export function readingsCsv(lines: readonly Line[], zone: string): string {
  const { ts, columns } = alignReadings(lines)
  const header = [`time (${zone})`, ...lines.map(lineLabel)].map(csvCell).join(',')
  const rows = ts.map((t, i) =>
    [siteTimestamp(t, zone), ...columns.map((c) => (c[i] === null ? '' : String(c[i])))].join(','),
  )
  return [header, ...rows].join('\n') + '\n'
}

/** First index with ts[i] >= value (ts ascending). */
function lowerBound(ts: readonly number[], value: number): number {
  let lo = 0
  let hi = ts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ts[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The readings between `from` and `to` as the chart needs them at `buckets` columns of pixels: where there
 * are more readings than that, each column keeps each line's lowest and highest (in their order), so
 * peaks and dips stay exactly where they were while a year of 15-minute data (35,040 per line) draws as
 * a few thousand points. One reading either side of the range is kept, so lines run to the edges.
 */
export function readingsForView(table: ReadingsTable, from: number, to: number, buckets: number): ReadingsTable {
  const start = Math.max(0, lowerBound(table.ts, from) - 1)
  const end = Math.min(table.ts.length, lowerBound(table.ts, to) + 1)
  if (end - start <= buckets * 2)
    return { ts: table.ts.slice(start, end), columns: table.columns.map((c) => c.slice(start, end)) }
  const ts: number[] = []
  const columns: (number | null)[][] = table.columns.map(() => [])
  const width = (to - from) / buckets
  let i = start
  // The reading before the range, as it is.
  ts.push(table.ts[i]!)
  table.columns.forEach((c, k) => columns[k]!.push(c[i] ?? null))
  i++
  while (i < end - 1) {
    const bucketEnd = from + (Math.floor((table.ts[i]! - from) / width) + 1) * width
    const first = i
    while (i < end - 1 && table.ts[i]! < bucketEnd) i++
    const last = i - 1
    // Two points per column of pixels: at its first and last reading's times, each line's extremes in order.
    ts.push(table.ts[first]!, table.ts[last]!)
    table.columns.forEach((column, k) => {
      let low = -1
      let high = -1
      for (let j = first; j <= last; j++) {
        const v = column[j]
        if (v === null || v === undefined) continue
        if (low < 0 || v < column[low]!) low = j
        if (high < 0 || v > column[high]!) high = j
      }
      const out = columns[k]!
      if (low < 0) out.push(null, null)
      else if (low <= high) out.push(column[low]!, column[high]!)
      else out.push(column[high]!, column[low]!)
    })
  }
  // The reading after the range.
  ts.push(table.ts[end - 1]!)
  table.columns.forEach((c, k) => columns[k]!.push(c[end - 1] ?? null))
  return { ts, columns }
}

/**
 * For uPlot's `tzDate`: a Date whose local fields (getHours…) read the zone's wall clock at `ms`, as
 * uPlot.tzDate gives, without its per-call `toLocaleString` (uPlot asks for every tick and every read-out).
 * The zone's offset is worked out once per hour of time, with one formatter per zone.
 */
export function zonedDates(zone: string): (ms: number) => Date {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const offsets = new Map<number, number>()
  const offsetAt = (ms: number) => {
    const hour = Math.floor(ms / 3_600_000)
    let offset = offsets.get(hour)
    if (offset === undefined) {
      const at = hour * 3_600_000
      const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]))
      offset = Date.UTC(p['year']!, p['month']! - 1, p['day'], p['hour'], p['minute'], p['second']) - at
      offsets.set(hour, offset)
    }
    return offset
  }
  return (ms) => {
    const wall = new Date(ms + offsetAt(ms))
    return new Date(
      wall.getUTCFullYear(),
      wall.getUTCMonth(),
      wall.getUTCDate(),
      wall.getUTCHours(),
      wall.getUTCMinutes(),
      wall.getUTCSeconds(),
      wall.getUTCMilliseconds(),
    )
  }
}
