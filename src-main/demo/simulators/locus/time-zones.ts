// Local wall-clock time in an IANA zone ↔ UTC, with Intl only. Locus takes and returns local times in
// the `tz` of each request, and its intervals follow the local calendar (days of 23 or 25 hours included).

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz)
    return true
  } catch {
    return false
  }
}

export interface LocalTime {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
}

export function toLocal(ms: number, tz: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  )
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  }
}

/** Offset of the zone from UTC at this instant, in minutes (e.g. -420 for PDT). */
export function offsetMinutes(ms: number, tz: string): number {
  const l = toLocal(ms, tz)
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000)
}

/** The UTC instant of a local wall-clock time; in a DST gap, the instant just after it. */
export function fromLocal(l: LocalTime, tz: string): number {
  const guess = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)
  let ms = guess - offsetMinutes(guess, tz) * 60_000
  // One correction covers instants whose offset differs from the guess's (near a transition).
  ms = guess - offsetMinutes(ms, tz) * 60_000
  return ms
}

/** Parses Locus' YYYY-MM-DDThh:mm:ss (local to tz). */
export function parseLocal(text: string): LocalTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  return { year, month, day, hour, minute, second }
}

/** "2014-04-01T12:00:00-07:00": local time with its offset, as Locus writes timestamps. */
export function formatLocal(ms: number, tz: string): string {
  const l = toLocal(ms, tz)
  const off = offsetMinutes(ms, tz)
  const sign = off < 0 ? '-' : '+'
  const abs = Math.abs(off)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Adds calendar units to a local time (normalising overflow, e.g. month 13 → January next year). */
export function addLocal(l: LocalTime, unit: 'minute' | 'hour' | 'day' | 'month' | 'year', n: number): LocalTime {
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second))
  if (unit === 'minute') d.setUTCMinutes(d.getUTCMinutes() + n)
  if (unit === 'hour') d.setUTCHours(d.getUTCHours() + n)
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + n)
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n)
  if (unit === 'year') d.setUTCFullYear(d.getUTCFullYear() + n)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}
