// Which stretches of a component's readings the laptop already holds, and so which it must still ask
// Locus for. A range is half-open [start, end) in epoch milliseconds; a range is recorded once asked for
// and answered, readings or none (a night, an inverter that was off): asking again would only repeat
// the same empty answer against Locus's one-request-at-a-time limit.

export interface TimeRange {
  start: number
  end: number
}

/** The ranges merged where they touch or overlap, in order. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end)
  const merged: TimeRange[] = []
  for (const range of sorted) {
    const last = merged.at(-1)
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

/** The parts of `wanted` that no cached range covers, in order. */
export function missingRanges(cached: readonly TimeRange[], wanted: TimeRange): TimeRange[] {
  const gaps: TimeRange[] = []
  let cursor = wanted.start
  for (const range of mergeRanges(cached)) {
    if (range.end <= cursor) continue
    if (range.start >= wanted.end) break
    if (range.start > cursor) gaps.push({ start: cursor, end: range.start })
    cursor = Math.max(cursor, range.end)
    if (cursor >= wanted.end) break
  }
  if (cursor < wanted.end) gaps.push({ start: cursor, end: wanted.end })
  return gaps
}

/**
 * The requests that fetch every gap, fewest first: gaps closer than `joinWithin` are asked for in one
 * range (re-reading a few cached intervals costs less than another request in Locus's single queue).
 */
export function requestsFor(gaps: readonly TimeRange[], joinWithin: number): TimeRange[] {
  const joined: TimeRange[] = []
  for (const gap of mergeRanges(gaps)) {
    const last = joined.at(-1)
    if (last && gap.start - last.end <= joinWithin) last.end = gap.end
    else joined.push({ ...gap })
  }
  return joined
}

/** How much of `wanted` the cached ranges cover, 0 to 1. */
export function coverage(cached: readonly TimeRange[], wanted: TimeRange): number {
  const span = wanted.end - wanted.start
  if (span <= 0) return 1
  const missing = missingRanges(cached, wanted).reduce((sum, r) => sum + (r.end - r.start), 0)
  return 1 - missing / span
}
