// One bad record in a vendor's list must not hide the others (a page of 100 projects with one
// `lat: 1000` still has 99 good ones): an answer's list is taken as it is (RecordList), then its items
// are checked one by one — their depth and size first (answer-shape.ts), then their schema — and the bad
// ones set aside, with why. A long list is read a slice at a time, so main's thread keeps answering.
import { z } from 'zod'
import { TimeSlice } from '../../runtime/time-slice'
import { shapeProblem } from './answer-shape'

/** What a vendor listed: the sync report names a record left out by it. */
export type RecordKind = 'project' | 'file' | 'file tag' | 'device' | 'data field' | 'reading' | 'alert' | 'client'

/** A record a vendor sent that Solar Field could not use, and why (for the technician and the log). */
export interface SkippedRecord {
  kind: RecordKind
  /** The vendor's id for it, when the record has a readable one. */
  remoteId: string | null
  reason: string
}

export interface Sorted<T> {
  valid: T[]
  skipped: SkippedRecord[]
}

/** The list in an answer, items unread: sortRecords reads them. */
export const RecordList = z.array(z.unknown())

const ID_KEYS = ['id', 'ID', 'projectId'] as const
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu

function idOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null
  for (const key of ID_KEYS) {
    const value = (raw as Record<string, unknown>)[key]
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    if (typeof value === 'string' && value.length <= 64) return value.replace(UNPRINTABLE, '') || null
  }
  return null
}

/** "lat: Too big: expected number to be <=90" — the first problem, path first. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

/** A list's items read one by one: the good ones kept, the others described. */
export async function sortRecords<T extends z.ZodType>(
  items: readonly unknown[],
  item: T,
  kind: RecordKind,
): Promise<Sorted<z.output<T>>> {
  const sorted: Sorted<z.output<T>> = { valid: [], skipped: [] }
  const slice = new TimeSlice()
  for (const raw of items) {
    await slice.maybeYield()
    const problem = shapeProblem(raw)
    if (problem) {
      sorted.skipped.push({ kind, remoteId: idOf(raw), reason: `cannot be kept: ${problem}` })
      continue
    }
    const parsed = item.safeParse(raw)
    if (parsed.success) sorted.valid.push(parsed.data)
    else sorted.skipped.push({ kind, remoteId: idOf(raw), reason: firstIssue(parsed.error) })
  }
  return sorted
}
