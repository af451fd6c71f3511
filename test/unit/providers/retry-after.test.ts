import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RETRY_AFTER_MS, parseHttpDate, parseRetryAfter } from '../../../src-main/providers/http/retry-after'

const NOW = Date.parse('2026-11-25T12:00:00Z')
const zone = process.env['TZ']

describe('parseRetryAfter (RFC 9110 §10.2.3, §5.6.7)', () => {
  afterEach(() => {
    if (zone === undefined) delete process.env['TZ']
    else process.env['TZ'] = zone
  })

  it.each([
    ['seconds', '120', 120_000],
    ['seconds, padded', ' 0 ', 0],
    ['IMF-fixdate', 'Wed, 25 Nov 2026 12:01:00 GMT', 60_000],
    ['obsolete RFC 850 date', 'Wednesday, 25-Nov-26 12:01:00 GMT', 60_000],
    ['asctime date (no zone: UTC)', 'Wed Nov 25 12:01:00 2026', 60_000],
    ['a date already past', 'Wed, 25 Nov 2026 11:00:00 GMT', 0],
    ['an absurd delay', '99999999999999', MAX_RETRY_AFTER_MS],
    ['a date years away', 'Fri, 01 Jan 2100 00:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['words', 'soon', null],
    ['a negative delay', '-5', null],
    ['a date with another zone', 'Wed, 25 Nov 2026 12:01:00 PST', null],
    ['nothing', null, null],
  ])('%s: %j', (_name, value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })

  it('reads an asctime date with a one-digit day', () => {
    expect(parseHttpDate('Sun Nov  1 08:49:37 2026', NOW)).toBe(Date.parse('2026-11-01T08:49:37Z'))
  })

  it('reads every date form as UTC whatever this computer’s time zone', () => {
    process.env['TZ'] = 'America/New_York'
    for (const value of [
      'Wed, 25 Nov 2026 12:01:00 GMT',
      'Wednesday, 25-Nov-26 12:01:00 GMT',
      'Wed Nov 25 12:01:00 2026',
    ])
      expect(parseRetryAfter(value, NOW)).toBe(60_000)
  })
})
