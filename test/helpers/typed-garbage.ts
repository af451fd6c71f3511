// Inputs for a contract method made from its own zod schema: the right shape often enough to reach the
// handler (ids drawn from what the database holds), the wrong one often enough to try every refusal —
// edge numbers, long and odd strings, missing and extra keys, a wrong type where any value goes.
import type { z } from 'zod'

/** The demo's seeded generator (mulberry32): a failing run can be repeated from its seed. */
export { prng as seeded } from '../../src-main/demo/demo-geography'

export interface GarbageSources {
  /** Values a string may take that mean something here: ids of projects, files, accounts, uploads… */
  strings: string[]
  /** Numbers that mean something here: outbox ids, pins, component ids… */
  numbers: number[]
}

const ODD_STRINGS = [
  '',
  'a',
  ' ',
  'x'.repeat(300),
  'y'.repeat(20_000),
  '../../etc/passwd',
  'C:\\Windows\\system32',
  '\u0000nul',
  '\ud800 half',
  '\u202egnp.exe',
  'Zoë 🌞 Ünïcödé',
  '<script>alert(1)</script>',
  '2026-02-30',
  'https://example.invalid/x.pmtiles',
  'constructor',
  '__proto__',
]
const ODD_NUMBERS = [0, 1, -1, 1.5, 7, 100, 499, 500, 501, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308]
const WRONG = [null, true, 'text', 12, [], {}, [1, 2], { a: 1 }]

type Def = {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  options?: z.ZodType[]
  element?: z.ZodType
  entries?: Record<string, string>
  values?: unknown[]
  in?: z.ZodType
  keyType?: z.ZodType
  valueType?: z.ZodType
  items?: z.ZodType[]
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

export function garbageFor(schema: z.ZodType, random: () => number, sources: GarbageSources, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const chance = (p: number) => random() < p
  if (depth > 6) return pick(WRONG)
  // Now and then the wrong type altogether, wherever it is.
  if (depth > 0 && chance(0.06)) return pick(WRONG)
  const def = defOf(schema)
  const next = (inner: z.ZodType) => garbageFor(inner, random, sources, depth + 1)
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(def.shape ?? {})) if (!chance(0.1)) out[key] = next(inner)
      if (chance(0.08)) out[pick(['extra', '__proto__', 'constructor'])] = pick(WRONG)
      return out
    }
    case 'string':
      return chance(0.55) && sources.strings.length ? pick(sources.strings) : pick(ODD_STRINGS)
    case 'number':
      return chance(0.4) && sources.numbers.length ? pick(sources.numbers) : pick(ODD_NUMBERS)
    case 'boolean':
      return chance(0.5)
    case 'enum':
      return chance(0.9) ? pick(Object.values(def.entries ?? {})) : 'not-one-of-them'
    case 'literal':
      return chance(0.9) ? def.values?.[0] : 'not-it'
    case 'union':
      return next(pick(def.options ?? []))
    case 'array':
      return Array.from({ length: pick([0, 1, 2, 3, 13]) }, () => next(def.element!))
    case 'tuple':
      return (def.items ?? []).map(next)
    case 'record':
      return chance(0.5) ? {} : { [String(next(def.keyType!))]: next(def.valueType!) }
    case 'optional':
    case 'default':
    case 'prefault':
      return chance(0.3) ? undefined : next(def.innerType!)
    case 'nullable':
      return chance(0.2) ? null : next(def.innerType!)
    case 'pipe':
      return next(def.in!)
    case 'custom':
      // The contract's only custom schema is a piece of a file: bytes.
      return chance(0.9) ? new Uint8Array(pick([0, 1, 16, 1024])).map(() => Math.floor(random() * 256)) : pick(WRONG)
    default:
      return pick(WRONG)
  }
}
