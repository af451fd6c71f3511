// A pull of a whole organisation may take days (OpenSolar: 100,000 projects at 100 a page is 1,000 requests
// against a budget of 1,000 a day), so providers list a page at a time, each page saying where the next one
// starts. Sync stores a page and where it stopped in one transaction, and resumes there.
import type { Vendor } from '../../src-shared/contract'
import { RunawayListingError } from './http/errors'
import type { SkippedRecord } from './http/tolerant-array'
import type { RequestPurpose } from './http/limits'
import type { RemoteProject } from './provider'

/**
 * The most projects an account is taken to hold: ten times the largest organisation Solar Field is
 * measured at (100,000). Every loop a vendor drives (pages, probes, cursors) stops here at the latest, with
 * a RunawayListingError; the pull narrows it further to what the account is known to hold.
 */
export const MOST_PROJECTS = 1_000_000

/** The last page a listing of `pageSize` a page may reach before it is taken for one that never ends. */
export const lastPage = (pageSize: number): number => Math.ceil(MOST_PROJECTS / pageSize)

/** Stops a page-numbered walk past the last page it could reach (the walk is the vendor's, not ours). */
export function checkPage(vendor: Vendor, page: number, pageSize: number): void {
  if (page > lastPage(pageSize))
    throw new RunawayListingError(vendor, `${lastPage(pageSize).toLocaleString('en')} pages of ${pageSize}`)
}

/**
 * How many records a listing may bring before it is taken for one that never ends: twice what the
 * account is known to hold, or that and 10,000 more, whichever is more (an organisation grows between
 * pulls, but not tenfold); MOST_PROJECTS when nothing is known yet.
 */
export function listingCeiling(known: number | null): number {
  if (known === null) return MOST_PROJECTS
  return Math.min(MOST_PROJECTS, Math.max(2 * known, known + 10_000))
}

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

/**
 * A page number as a cursor: a small positive integer (no further than a listing of `pageSize` can
 * reach), or the first page when there is none.
 */
export function pageNumber(from: string | null | undefined, pageSize: number): number {
  if (from === null || from === undefined) return 1
  const page = /^[1-9]\d{0,8}$/.test(from) ? Number(from) : NaN
  if (!(page <= lastPage(pageSize))) throw new RangeError(`Not a page to resume from: ${from.slice(0, 40)}`)
  return page
}

/**
 * How many records a page-numbered listing holds, when the vendor does not say (OpenSolar answers a bare
 * array): the last page is found by doubling, then halving, so 100,000 records at 100 a page cost about
 * twenty requests. `pageLength` answers how many records a page holds (0 past the end). A listing whose
 * pages are full past the last page it could reach is refused (RunawayListingError): about a dozen
 * requests, where doubling without end would ask for page Infinity.
 */
export async function countByProbing(
  vendor: Vendor,
  pageLength: (page: number) => Promise<number>,
  pageSize: number,
): Promise<number> {
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
    checkPage(vendor, probe, pageSize)
    const n = await lengthOf(probe)
    if (n < pageSize) {
      if (n > 0) return (probe - 1) * pageSize + n
      break
    }
    full = probe
    // The last page it could reach is probed before it is passed.
    probe = probe === lastPage(pageSize) ? probe + 1 : Math.min(probe * 2, lastPage(pageSize))
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
