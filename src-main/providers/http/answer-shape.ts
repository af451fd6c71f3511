// What a vendor's record may be before Solar Field keeps it. JSON.parse reads a record nested 100,000
// levels deep without complaint, but everything after it that walks values recursively — JSON.stringify
// into the cache, the logger's redaction, structured clone — overflows the stack on it. So each record's
// depth and size are measured first, by a walk that keeps its own stack (it cannot overflow), and a record
// past the limits is left out like any other that cannot be read.

export interface ShapeLimits {
  /** Objects and arrays inside one another: the vendors' deepest documented record is about 6. */
  maxDepth: number
  /** Values in all (an OpenSolar studio project is a few hundred). */
  maxValues: number
  /** Characters of keys and strings in all. */
  maxChars: number
}

/** One record: generous for any documented shape, far from what would strain the thread or the stack. */
export const RECORD_LIMITS: ShapeLimits = { maxDepth: 64, maxValues: 200_000, maxChars: 8_000_000 }

/** Why this value is past the limits, or null. Iterative: safe on any depth. */
export function shapeProblem(value: unknown, limits: ShapeLimits = RECORD_LIMITS): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  let values = 0
  let chars = 0
  while (stack.length) {
    const { value: current, depth } = stack.pop()!
    if (++values > limits.maxValues) return `it holds more than ${limits.maxValues.toLocaleString('en')} values`
    if (typeof current === 'string') chars += current.length
    if (current === null || typeof current !== 'object') {
      if (chars > limits.maxChars) return `it is larger than ${(limits.maxChars / 1e6).toLocaleString('en')} MB`
      continue
    }
    if (depth >= limits.maxDepth) return `it is nested more than ${limits.maxDepth} levels deep`
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 })
    } else {
      for (const [key, item] of Object.entries(current)) {
        chars += key.length
        stack.push({ value: item, depth: depth + 1 })
      }
    }
    if (chars > limits.maxChars) return `it is larger than ${(limits.maxChars / 1e6).toLocaleString('en')} MB`
  }
  return null
}
