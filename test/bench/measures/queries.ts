// search_p95_ms / search_ratio: what a technician types (a surname, a street, a postcode, a serial, one
// letter at a time) through ProjectQueries.search, against a bare FTS5 query doing the same job (match,
// rank by bm25, read the rows), alternating query by query. list_first_page_ms: the list's first page
// in the orders the window offers.
import path from 'node:path'
import { migrations } from '../../../migrations/index'
import { openDatabase } from '../../../src-main/db/open-database'
import { toFtsQuery } from '../../../src-main/projects/fts-query'
import { ProjectQueries } from '../../../src-main/projects/project-queries'
import { median, percentile } from '../stats'

/** The window asks for this many results (src-renderer/api/queries.ts). */
const SEARCH_LIMIT = 500
const PAGE = 200

/** Deterministic picks, so two runs type the same things. */
function picker(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state % n
  }
}

export async function measureQueries(dataDir: string, typedProjects: number) {
  const opened = await openDatabase(path.join(dataDir, 'solar-field.db'), { migrations })
  try {
    const queries = new ProjectQueries(opened.db)
    const count = (opened.sqlite.prepare('select max(seq) n from projects').get() as { n: number }).n
    const pick = picker(7)
    const words: string[] = []
    const row = opened.sqlite.prepare(
      'select title, customer_name, postcode, serials_inverters from projects where seq >= ? order by seq limit 1',
    )
    for (let i = 0; i < typedProjects; i++) {
      const p = row.get(1 + pick(count)) as Record<string, string | null> | undefined
      if (!p) continue
      const street = p['title']?.split(' ').find((w) => /^[A-Za-z]{3,}$/.test(w))
      const surname = p['customer_name']?.split(' ').at(-1)
      const serial = p['serials_inverters']?.split(/[\s,]+/)[0]
      for (const word of [street, surname, p['postcode'], serial]) if (word) words.push(word)
    }
    // Typed a letter at a time, as the box sends them (up to eight letters).
    const typed = words.flatMap((word) =>
      Array.from({ length: Math.min(8, word.length) }, (_, i) => word.slice(0, i + 1)),
    )
    const bare = opened.sqlite.prepare(
      `select p.id, p.title, p.address, p.locality, p.stage, p.customer_name, p.lat, p.lng
       from projects_fts join projects p on p.seq = projects_fts.rowid
       where projects_fts match ? and p.deleted = 0 order by bm25(projects_fts) limit ${SEARCH_LIMIT}`,
    )
    const ours: number[] = []
    const baseline: number[] = []
    for (const [i, text] of typed.entries()) {
      const match = toFtsQuery(text)
      if (!match) continue
      const runOurs = async () => {
        const start = performance.now()
        await queries.search({ text, limit: SEARCH_LIMIT })
        ours.push(performance.now() - start)
      }
      const runBare = () => {
        const start = performance.now()
        bare.all(match)
        baseline.push(performance.now() - start)
      }
      if (i % 2) {
        await runOurs()
        runBare()
      } else {
        runBare()
        await runOurs()
      }
    }

    const firstPage: Record<string, number> = {}
    for (const [sort, direction] of [
      ['title', 'asc'],
      ['modifiedAt', 'desc'],
      ['stage', 'asc'],
    ] as const) {
      const times: number[] = []
      for (let i = 0; i < 21; i++) {
        const start = performance.now()
        await queries.list({ offset: 0, limit: PAGE, sort, direction })
        times.push(performance.now() - start)
      }
      firstPage[`${sort} ${direction}`] = median(times)
    }
    return {
      search_p95_ms: percentile(ours, 95),
      search_ratio: median(ours) / median(baseline),
      list_first_page_ms: Math.max(...Object.values(firstPage)),
      detail: {
        searches: ours.length,
        search_median_ms: median(ours),
        bare_fts_median_ms: median(baseline),
        bare_fts_p95_ms: percentile(baseline, 95),
        first_page_ms: firstPage,
      },
    }
  } finally {
    await opened.close()
  }
}
