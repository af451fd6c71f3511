// Three-way merge per field between the copy local edits were made against (base), the local copy and
// the vendor's current copy (remote):
//   changed only here        → sent
//   changed only at the vendor → taken
//   changed on both, same value → nothing to do
//   changed on both, differently → a conflict the technician resolves; nothing is overwritten silently.
import { isDeepStrictEqual } from 'node:util'

export type FieldValues = Readonly<Record<string, unknown>>

export interface FieldConflict {
  field: string
  base: unknown
  local: unknown
  remote: unknown
}

export interface MergeResult {
  /** Local changes the vendor does not have: send these. */
  send: Record<string, unknown>
  /** Vendor changes to take into the local copy. */
  take: Record<string, unknown>
  conflicts: FieldConflict[]
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null)

export function threeWayMerge(base: FieldValues, local: FieldValues, remote: FieldValues): MergeResult {
  const result: MergeResult = { send: {}, take: {}, conflicts: [] }
  const fields = new Set([...Object.keys(base), ...Object.keys(local), ...Object.keys(remote)])
  for (const field of [...fields].sort()) {
    const [b, l, r] = [base[field], local[field], remote[field]]
    const localChanged = !same(l, b)
    const remoteChanged = !same(r, b)
    if (localChanged && !remoteChanged) result.send[field] = l
    else if (!localChanged && remoteChanged) result.take[field] = r
    else if (localChanged && remoteChanged && !same(l, r))
      result.conflicts.push({ field, base: b ?? null, local: l ?? null, remote: r ?? null })
  }
  return result
}

/** { serials: { panels } } → { 'serials.panels' }: conflicts are resolved per field, nested ones too. */
export function flatten(values: Readonly<Record<string, unknown>>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    if (value && typeof value === 'object' && !Array.isArray(value))
      Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`))
    else out[`${prefix}${key}`] = value
  }
  return out
}
