// One bad record in a vendor's list must not hide the others (a page of 100 projects with one
// `lat: 1000` still has 99 good ones): items are checked one by one and the bad ones set aside, with why.
import { z } from 'zod'

/** A record a vendor sent that Solar Field could not use, and why (for the technician and the log). */
export interface SkippedRecord {
  /** The vendor's id for it, when the record has a readable one. */
  remoteId: string | null
  reason: string
}

export interface Sorted<T> {
  valid: T[]
  skipped: SkippedRecord[]
}

const ID_KEYS = ['id', 'ID', 'projectId'] as const

function idOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null
  for (const key of ID_KEYS) {
    const value = (raw as Record<string, unknown>)[key]
    if (typeof value === 'number' || (typeof value === 'string' && value.length <= 64)) return String(value)
  }
  return null
}

/** "lat: Too big: expected number to be <=90" — the first problem, path first. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

/** An array answer whose items are parsed one by one: the good ones kept, the others described. */
export function tolerantArray<T extends z.ZodType>(item: T): z.ZodType<Sorted<z.output<T>>> {
  return z.array(z.unknown()).transform((items) => {
    const sorted: Sorted<z.output<T>> = { valid: [], skipped: [] }
    for (const raw of items) {
      const parsed = item.safeParse(raw)
      if (parsed.success) sorted.valid.push(parsed.data)
      else sorted.skipped.push({ remoteId: idOf(raw), reason: firstIssue(parsed.error) })
    }
    return sorted
  }) as unknown as z.ZodType<Sorted<z.output<T>>>
}
