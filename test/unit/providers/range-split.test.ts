import { describe, expect, it } from 'vitest'
import { splitRange } from '../../../src-main/providers/locus/range-split'

const DAY = 86_400_000
const span = (p: { start: string; end: string }) => Date.parse(`${p.end}Z`) - Date.parse(`${p.start}Z`)

describe('splitRange', () => {
  it.each([
    ['one year of 5-minute data', '2025-01-01T00:00:00', '2026-01-01T00:00:00', '5min', 12],
    ['one year of 15-minute data', '2025-01-01T00:00:00', '2026-01-01T00:00:00', '15min', 12],
    ['one year of hourly data', '2025-01-01T00:00:00', '2026-01-01T00:00:00', 'hourly', 12],
    ['30 days of 5-minute data', '2026-06-01T00:00:00', '2026-07-01T00:00:00', '5min', 1],
    ['exactly 31 days of hourly data', '2026-01-01T00:00:00', '2026-02-01T00:00:00', 'hourly', 2],
    ['a week of 1-minute data', '2026-06-01T00:00:00', '2026-06-08T00:00:00', '1min', 2],
    ['three years of daily data', '2023-01-01T00:00:00', '2026-01-01T00:00:00', 'daily', 4],
    ['364 days of daily data', '2025-01-01T00:00:00', '2025-12-31T00:00:00', 'daily', 1],
    ['thirty years of monthly data', '2000-01-01T00:00:00', '2030-01-01T00:00:00', 'monthly', 1],
    ['thirty years of yearly data', '2000-01-01T00:00:00', '2030-01-01T00:00:00', 'yearly', 1],
  ] as const)('%s → %i request(s)', (_name, start, end, gran, count) => {
    const pieces = splitRange({ start, end }, gran)
    expect(pieces).toHaveLength(count)
    // Contiguous, covering, each under the limit.
    expect(pieces[0]!.start).toBe(start)
    expect(pieces.at(-1)!.end).toBe(end)
    pieces.slice(1).forEach((p, i) => expect(p.start).toBe(pieces[i]!.end))
    const limitDays = { '1min': 5, '5min': 31, '15min': 31, hourly: 31 }[gran as string]
    if (limitDays) for (const p of pieces) expect(span(p)).toBeLessThan(limitDays * DAY)
  })

  it('cuts on interval boundaries, so no interval spans two requests', () => {
    for (const p of splitRange({ start: '2025-01-01T00:07:00', end: '2025-06-01T00:00:00' }, '15min').slice(0, -1)) {
      expect((Date.parse(`${p.end}Z`) - Date.parse('2025-01-01T00:07:00Z')) % (15 * 60_000)).toBe(0)
    }
  })

  it('refuses a backwards range and a malformed time', () => {
    expect(() => splitRange({ start: '2026-02-01T00:00:00', end: '2026-01-01T00:00:00' }, 'daily')).toThrow(
      /ends before it starts/,
    )
    expect(() => splitRange({ start: '2026-02-01', end: '2026-03-01T00:00:00' }, 'daily')).toThrow(
      /Not a Locus local time/,
    )
  })
})
