// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, in any of the three forms §5.6.7 says
// a recipient must accept. All three are UTC: the asctime form names no zone, and Date.parse would read
// it as local time. A vendor's absurd value is clamped, so no wait is ever longer than a day.

/** The longest wait honoured: OpenSolar's daily budget renews within a day. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`
// IMF-fixdate:  Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(String.raw`^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) ${TIME} GMT$`)
// rfc850-date:  Sunday, 06-Nov-94 08:49:37 GMT
const RFC850 = new RegExp(String.raw`^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) ${TIME} GMT$`)
// asctime-date: Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(String.raw`^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) ${TIME} (\d{4})$`)

function utc(year: number, month: string, day: number, h: string, m: string, s: string): number | null {
  const index = MONTHS.indexOf(month.toLowerCase())
  if (index < 0) return null
  const ms = Date.UTC(year, index, day, Number(h), Number(m), Number(s))
  return Number.isNaN(ms) ? null : ms
}

/** An HTTP-date in any of its three forms, as milliseconds since the epoch; null if it is none of them. */
export function parseHttpDate(value: string, now: number): number | null {
  let m = IMF_FIXDATE.exec(value)
  if (m) return utc(Number(m[3]), m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!)
  m = RFC850.exec(value)
  if (m) {
    // Two-digit years: the one that is not more than 50 years in the future (RFC 9110 §5.6.7).
    const thisYear = new Date(now).getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3])
    if (year > thisYear + 50) year -= 100
    return utc(year, m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!)
  }
  m = ASCTIME.exec(value)
  if (m) return utc(Number(m[6]), m[1]!, Number(m[2]!.trim()), m[3]!, m[4]!, m[5]!)
  return null
}

/** How long to wait, in ms, between 0 and a day; null when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  const text = value?.trim()
  if (!text) return null
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : (parseHttpDate(text, now) ?? NaN) - now
  if (Number.isNaN(ms)) return null
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms))
}
