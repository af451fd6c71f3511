// `npm run bench`: Solar Field at an organisation's size (100,000 OpenSolar projects), each figure a ratio
// against a bare baseline measured in the same run on the same data, or a count, or a time with its goal.
// Writes bench-results.json (the keys below) and prints a table. `--smoke` runs every measure at a toy
// size, to prove the harness works (npm test does): it asserts that every key was measured, not speed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { measureChart } from './measures/chart'
import { measureEnqueue } from './measures/enqueue'
import { measureIngest } from './measures/ingest'
import { measureLocusYear } from './measures/locus'
import { measureQueries } from './measures/queries'
import { measureUpload } from './measures/upload'
import { measureWindow } from './measures/window'
import { capturePages, pullOrganisation } from './organisation'
import { round2 } from './stats'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results.json' },
    /** Measure only these steps (comma-separated names, e.g. queries,window), for working on one figure. */
    only: { type: 'string' },
    /** Keep the pulled organisation in .bench-cache and use it again next time (the pull takes a minute). */
    'keep-org': { type: 'boolean', default: false },
  },
})
const smoke = values.smoke
const SIZE = smoke
  ? { projects: 300, edits: 40, megabytes: 4, typed: 5, rounds: 1, windowRounds: 1 }
  : { projects: 100_000, edits: 10_000, megabytes: 200, typed: 40, rounds: 3, windowRounds: 3 }

interface Goal {
  goal: string
  met: (value: number, results: Record<string, number>) => boolean
}

/** Each key the issue names, with its goal. */
const GOALS: Record<string, Goal> = {
  ingest_ratio: { goal: '≥ 0.6', met: (v) => v >= 0.6 },
  search_p95_ms: { goal: '< 20', met: (v) => v < 20 },
  search_ratio: { goal: '≤ 1.5', met: (v) => v <= 1.5 },
  list_first_page_ms: { goal: '< 20', met: (v) => v < 20 },
  enqueue_ratio: { goal: '≤ 2', met: (v) => v <= 2 },
  map_idle_ratio: { goal: '≤ 1.2', met: (v) => v <= 1.2 },
  locus_year_5min_requests: { goal: '12', met: (v) => v === 12 },
  upload_rss_mb: { goal: '< 50', met: (v) => v < 50 },
  hash_ratio: { goal: '≥ 0.8', met: (v) => v >= 0.8 },
  cold_start_ms: { goal: '< 1500', met: (v) => v < 1500 },
  chart_ratio: { goal: '≤ 1.2', met: (v) => v <= 1.2 },
  opensolar_100k_days: {
    goal: '⌈requests ÷ 800⌉, completed',
    met: (v, r) => r['opensolar_pull_complete'] === 1 && v === r['opensolar_fewest_days'],
  },
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-bench-'))
  const cacheDir = path.resolve(import.meta.dirname, '../../.bench-cache')
  const results: Record<string, number> = {}
  const details: Record<string, unknown> = {}
  const failed: Record<string, string> = {}
  const only = values.only?.split(',')
  /** A step that fails is reported and the others still run: one broken figure hides none of the rest. */
  const step = async (name: string, run: () => Promise<{ detail?: unknown } & Record<string, unknown>>) => {
    if (only && !only.includes(name)) return
    const started = performance.now()
    process.stdout.write(`bench: ${name}… `)
    try {
      const { detail, ...figures } = await run()
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`)
      Object.assign(results, figures)
      details[name] = detail
    } catch (error) {
      console.log('failed')
      console.error(error)
      failed[name] = error instanceof Error ? error.message : String(error)
    }
  }
  // The organisation every step after the pull reads (and `edits` changes: it runs after the others that read it).
  const orgDir = values['keep-org'] ? path.join(cacheDir, `org-${SIZE.projects}`) : path.join(work, 'org')
  const pulled = fs.existsSync(path.join(orgDir, 'pulled.json'))
  try {
    await step('pull', async () => {
      if (pulled && values['keep-org']) return JSON.parse(fs.readFileSync(path.join(orgDir, 'pulled.json'), 'utf8'))
      fs.rmSync(orgDir, { recursive: true, force: true })
      const o = await pullOrganisation(SIZE.projects, orgDir)
      const figures = {
        opensolar_100k_days: o.days,
        opensolar_fewest_days: o.fewestDays,
        opensolar_pull_complete: o.complete ? 1 : 0,
        detail: { projects: SIZE.projects, requests: o.requests, pull_ms: o.pullMs },
      }
      if (values['keep-org']) fs.writeFileSync(path.join(orgDir, 'pulled.json'), JSON.stringify(figures))
      return figures
    })
    await step('queries', () => measureQueries(orgDir, SIZE.typed))
    await step('window', () => measureWindow(orgDir, cacheDir, SIZE.windowRounds))
    await step('edits', () => measureEnqueue(values['keep-org'] ? copyOf(orgDir, work) : orgDir, SIZE.edits))
    await step('ingest', async () => measureIngest(await capturePages(SIZE.projects), SIZE.rounds))
    await step('attachments', () => measureUpload(SIZE.megabytes, SIZE.rounds))
    await step('chart', () => measureChart(cacheDir, smoke ? 1 : 9, smoke ? 1 : 4))
    await step('locus', () => measureLocusYear())
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }

  const missing = only ? [] : Object.keys(GOALS).filter((key) => !Number.isFinite(results[key]))
  const rows = Object.entries(GOALS).map(([key, goal]) => {
    const value = results[key]!
    return { key, value: round2(value), goal: goal.goal, met: Number.isFinite(value) && goal.met(value, results) }
  })
  console.log(`\n${smoke ? 'Smoke run (toy sizes: figures mean nothing)' : `At ${SIZE.projects} projects`}:`)
  for (const row of rows)
    console.log(
      `  ${row.met ? 'met ' : 'MISS'}  ${row.key.padEnd(26)} ${String(row.value).padStart(10)}   goal ${row.goal}`,
    )
  const out = path.resolve(values.out)
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      {
        ...Object.fromEntries(rows.map((r) => [r.key, r.value])),
        measured_at: new Date().toISOString(),
        smoke,
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
        goals: Object.fromEntries(rows.map((r) => [r.key, { goal: r.goal, met: r.met }])),
        details,
        failed,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`\nWrote ${out}`)
  if (missing.length || Object.keys(failed).length) {
    console.error(`bench: not measured: ${[...missing, ...Object.keys(failed)].join(', ')}`)
    process.exit(1)
  }
}

/** A copy of a kept organisation, for a step that changes it. */
function copyOf(orgDir: string, work: string): string {
  const copy = path.join(work, 'org-copy')
  fs.mkdirSync(copy, { recursive: true })
  fs.copyFileSync(path.join(orgDir, 'solar-field.db'), path.join(copy, 'solar-field.db'))
  return copy
}

await main()
