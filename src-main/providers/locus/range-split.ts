// Locus limits how long a data request's range may be, per granularity (locus-energy-v3.txt, Data):
// 1min < 5 days; 5min, 15min, hourly < 31 days (5/15min raised from 7 on 2018-03-13); daily < 1 year;
// monthly and yearly unlimited. A range is split into the fewest requests those limits allow.
// Times are Locus' local wall-clock strings (YYYY-MM-DDThh:mm:ss in the request's tz), so the
// arithmetic here is on naive wall-clock time, as the server's own check is.

export type Granularity = 'latest' | '1min' | '5min' | '15min' | 'hourly' | 'daily' | 'monthly' | 'yearly'

const MINUTE = 60_000
const DAY = 86_400_000
const STEP: Partial<Record<Granularity, number>> = {
  '1min': MINUTE,
  '5min': 5 * MINUTE,
  '15min': 15 * MINUTE,
  hourly: 60 * MINUTE,
  daily: DAY,
}
const LIMIT_DAYS: Partial<Record<Granularity, number>> = { '1min': 5, '5min': 31, '15min': 31, hourly: 31 }

export interface LocalRange {
  start: string
  end: string
}

const parse = (local: string): number => {
  const ms = Date.parse(`${local}Z`)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local) || Number.isNaN(ms))
    throw new Error(`Not a Locus local time: ${local}`)
  return ms
}
const format = (ms: number): string => new Date(ms).toISOString().slice(0, 19)

/** The longest range allowed starting at `startMs` (exclusive end), or null for no limit. */
function limitEnd(gran: Granularity, startMs: number): number | null {
  if (LIMIT_DAYS[gran]) return startMs + LIMIT_DAYS[gran] * DAY
  if (gran === 'daily') {
    const d = new Date(startMs)
    d.setUTCFullYear(d.getUTCFullYear() + 1)
    return d.getTime()
  }
  return null
}

/**
 * Splits [start, end) into consecutive ranges each under the granularity's limit. Each piece ends one
 * interval short of the limit (the limit is strict), on an interval boundary, so no interval straddles
 * two requests and the seams neither drop nor repeat one.
 */
export function splitRange(range: LocalRange, gran: Granularity): LocalRange[] {
  if (gran === 'latest') return [range]
  const startMs = parse(range.start)
  const endMs = parse(range.end)
  if (endMs <= startMs) throw new Error(`The range ends before it starts (${range.start} → ${range.end})`)
  const step = STEP[gran]
  const pieces: LocalRange[] = []
  let cursor = startMs
  while (cursor < endMs) {
    const limit = limitEnd(gran, cursor)
    if (limit === null || !step) {
      pieces.push({ start: format(cursor), end: format(endMs) })
      break
    }
    // Largest end < limit that lies on an interval boundary counted from the cursor.
    const pieceEnd = Math.min(endMs, cursor + Math.floor((limit - 1 - cursor) / step) * step)
    pieces.push({ start: format(cursor), end: format(pieceEnd) })
    cursor = pieceEnd
  }
  return pieces
}
