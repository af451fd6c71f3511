// A pull of a whole organisation may take days (OpenSolar: 100,000 projects at 100 a page is 1,000 requests
// against a budget of 1,000 a day), so providers list a page at a time, each page saying where the next one
// starts. Sync stores a page and where it stopped in one transaction, and resumes there.
import type { SkippedRecord } from './http/tolerant-array'
import type { RequestPurpose } from './http/limits'
import type { RemoteProject } from './provider'

export interface ListOptions {
  /** Only projects modified at or after this time, where the vendor lets us ask. */
  since?: Date
  signal?: AbortSignal
  /** Refreshing the cache, or finishing a send (reconciling one in doubt may use the budget kept for sends). */
  purpose?: RequestPurpose
  /** A record the vendor listed that could not be read: it is left out, and told here. */
  onSkipped?: (record: SkippedRecord) => void
}

export interface PageOptions extends ListOptions {
  /** Where to start: a page's `at` or `next` from an earlier listing with the same `since` (absent: the start). */
  from?: string | null
}

export interface ProjectPage {
  projects: RemoteProject[]
  /** Where this page started: listing again from here reads it again. */
  at: string
  /** Where the next page starts; null after the last. */
  next: string | null
}

/** Every project of a paged listing, one by one. */
export async function* eachProject(pages: AsyncIterable<ProjectPage>): AsyncIterable<RemoteProject> {
  for await (const page of pages) yield* page.projects
}

/** A page number as a cursor: a positive integer, or the first page when there is none. */
export function pageNumber(from: string | null | undefined): number {
  if (from === null || from === undefined) return 1
  const page = Number(from)
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`Not a page to resume from: ${from}`)
  return page
}

/**
 * How many records a page-numbered listing holds, when the vendor does not say (OpenSolar answers a bare
 * array): the last page is found by doubling, then halving, so 100,000 records at 100 a page cost about
 * twenty requests. `pageLength` answers how many records a page holds (0 past the end).
 */
export async function countByProbing(pageLength: (page: number) => Promise<number>, pageSize: number): Promise<number> {
  const seen = new Map<number, number>()
  const lengthOf = async (page: number) => {
    let n = seen.get(page)
    if (n === undefined) seen.set(page, (n = await pageLength(page)))
    return n
  }
  let full = 0
  let probe = 1
  // Double until a page is not full.
  for (;;) {
    const n = await lengthOf(probe)
    if (n < pageSize) {
      if (n > 0) return (probe - 1) * pageSize + n
      break
    }
    full = probe
    probe *= 2
  }
  // Between the last full page and an empty one.
  let empty = probe
  while (empty - full > 1) {
    const middle = Math.floor((full + empty) / 2)
    const n = await lengthOf(middle)
    if (n === pageSize) full = middle
    else if (n === 0) empty = middle
    else return (middle - 1) * pageSize + n
  }
  return full * pageSize
}
