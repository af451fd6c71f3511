// Readings of several lines on one time axis (the chart's data and the CSV's rows): each line's own
// timestamps merged, a gap where a line has no reading (Locus leaves out fields it has no value for).
import type { MethodOutput } from '../../../src-preload/contract'

type Line = MethodOutput<'monitoring.series'>['series'][number]

export interface ReadingsTable {
  /** Every timestamp any line has, ascending (epoch ms). */
  ts: number[]
  /** One column per line, aligned to `ts`; null where that line has no reading. */
  columns: (number | null)[][]
}

export function alignReadings(lines: readonly Line[]): ReadingsTable {
  const ts = [...new Set(lines.flatMap((l) => l.ts))].sort((a, b) => a - b)
  const index = new Map(ts.map((t, i) => [t, i]))
  const columns = lines.map((line) => {
    const column: (number | null)[] = Array.from({ length: ts.length }, () => null)
    line.ts.forEach((t, i) => (column[index.get(t)!] = line.values[i] ?? null))
    return column
  })
  return { ts, columns }
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
