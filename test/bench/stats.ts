// Figures are medians of rounds, and each ratio compares two paths measured in the same run, on the same
// data, in alternating order (ours first in one round, the baseline first in the next), so a machine that
// warms up or slows down mid-run does not favour either side.

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await run()
  return { ms: performance.now() - start, value }
}

/**
 * Runs `ours` and `baseline` `rounds` times each, alternating which goes first; returns each side's
 * times. Each run gets the round number (to use fresh data or a fresh database per round).
 */
export async function alternate(
  rounds: number,
  ours: (round: number) => Promise<number>,
  baseline: (round: number) => Promise<number>,
): Promise<{ ours: number[]; baseline: number[] }> {
  const result = { ours: [] as number[], baseline: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      result.ours.push(await ours(round))
      result.baseline.push(await baseline(round))
    } else {
      result.baseline.push(await baseline(round))
      result.ours.push(await ours(round))
    }
  }
  return result
}

export const round2 = (n: number) => Math.round(n * 100) / 100
