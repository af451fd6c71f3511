import { describe, expect, it } from 'vitest'
import { coverage, mergeRanges, missingRanges, requestsFor } from '../../../src-main/monitoring/cached-ranges'

const r = (start: number, end: number) => ({ start, end })

describe('cached ranges', () => {
  it('merges ranges that overlap or touch, and drops empty ones', () => {
    expect(mergeRanges([r(20, 30), r(0, 10), r(10, 15), r(25, 40), r(50, 50)])).toEqual([r(0, 15), r(20, 40)])
  })

  it('asks for everything when nothing is cached, and for nothing when all is', () => {
    expect(missingRanges([], r(0, 100))).toEqual([r(0, 100)])
    expect(missingRanges([r(0, 50), r(50, 100)], r(10, 90))).toEqual([])
  })

  it('asks only for the gaps between, before and after what is cached', () => {
    expect(missingRanges([r(10, 20), r(40, 50)], r(0, 60))).toEqual([r(0, 10), r(20, 40), r(50, 60)])
    expect(missingRanges([r(0, 30)], r(10, 60))).toEqual([r(30, 60)])
    expect(missingRanges([r(50, 80)], r(10, 60))).toEqual([r(10, 50)])
    // Ranges wholly outside the one wanted change nothing.
    expect(missingRanges([r(-50, -10), r(200, 300)], r(0, 100))).toEqual([r(0, 100)])
  })

  it('joins gaps closer than the threshold into one request, the fewest requests for the gaps', () => {
    const gaps = missingRanges([r(10, 12), r(50, 90)], r(0, 100))
    expect(gaps).toEqual([r(0, 10), r(12, 50), r(90, 100)])
    expect(requestsFor(gaps, 5)).toEqual([r(0, 50), r(90, 100)])
    expect(requestsFor(gaps, 0)).toEqual(gaps)
    expect(requestsFor(gaps, 1000)).toEqual([r(0, 100)])
  })

  it('says how much of a range is cached', () => {
    expect(coverage([r(0, 25), r(50, 75)], r(0, 100))).toBe(0.5)
    expect(coverage([], r(0, 100))).toBe(0)
    expect(coverage([r(0, 100)], r(0, 100))).toBe(1)
  })
})
