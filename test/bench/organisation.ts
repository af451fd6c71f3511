// An organisation's cache, made the way a technician's first sync makes it: a real first pull from the
// OpenSolar simulator within the real budget (1,000 requests a day, 200 kept for sending), a day at a
// time until it completes. Gives `opensolar_100k_days`, and the database the other figures read.
import fs from 'node:fs'
import path from 'node:path'
import { migrations } from '../../migrations/index'
import { openDatabase } from '../../src-main/db/open-database'
import { RateLimitedError } from '../../src-main/providers/http/errors'
import { DailyBudget } from '../../src-main/providers/http/limits'
import { OpenSolarClient } from '../../src-main/providers/opensolar/client'
import type { RemoteProject } from '../../src-main/providers/provider'
import { PullEngine } from '../../src-main/sync/pull/pull-engine'
import { SqliteBudgetStore } from '../../src-main/sync/request-budget-store'
import { DEMO_CREDENTIALS } from '../../src-main/demo/simulators/credentials'
import { startSandbox } from '../../src-main/demo/simulators/sandbox'

export const ACCOUNT_ID = 'bench-opensolar'
const DAY_MS = 86_400_000
/** What pulls may spend of OpenSolar's 1,000 a day (DailyBudget keeps a fifth for sending). */
const PULL_SHARE = 800

export interface Organisation {
  /** The data folder holding solar-field.db. */
  dataDir: string
  days: number
  requests: number
  /** ⌈requests / pull share⌉: the fewest days the budget allows. */
  fewestDays: number
  complete: boolean
  pullMs: number
}

export async function newDatabase(file: string) {
  fs.rmSync(file, { force: true })
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  const opened = await openDatabase(file, { migrations })
  await opened.db
    .insertInto('accounts')
    .values({
      id: ACCOUNT_ID,
      provider: 'opensolar',
      label: 'Bench Solar',
      base_url: 'http://127.0.0.1',
      settings_json: JSON.stringify({ orgId: DEMO_CREDENTIALS.opensolar.orgId }),
      created_at: '2026-01-01T00:00:00.000Z',
    })
    .execute()
  return opened
}

export async function pullOrganisation(projects: number, dataDir: string): Promise<Organisation> {
  const sandbox = await startSandbox({ projectsOf: { opensolar: projects, easypv: 0, aurora: 0 }, sites: 0 })
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    const opened = await newDatabase(path.join(dataDir, 'solar-field.db'))
    const now = () => sandbox.clock.now()
    const client = new OpenSolarClient({
      baseUrl: sandbox.baseUrls.opensolar,
      orgId: DEMO_CREDENTIALS.opensolar.orgId,
      token: () => DEMO_CREDENTIALS.opensolar.token,
      limiter: new DailyBudget('opensolar', 1000, new SqliteBudgetStore(opened.sqlite, ACCOUNT_ID, now), now),
    })
    const pull = new PullEngine({ db: opened.db, sqlite: opened.sqlite, providerFor: () => client, now })
    const started = performance.now()
    let days = 1
    let complete = false
    for (; days <= 30; days++) {
      try {
        await pull.pullAccount(ACCOUNT_ID)
        complete = true
        break
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error
        // The next UTC day: the budget renews.
        const t = sandbox.clock.nowMs()
        sandbox.clock.advance(DAY_MS - (t % DAY_MS) + 1000)
      }
    }
    const pullMs = performance.now() - started
    const requests = sandbox.log.all({ vendor: 'opensolar' }).length
    // Sorted statistics for the planner, as the app's own maintenance would leave them.
    opened.sqlite.pragma('optimize')
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    await opened.close()
    return { dataDir, days, requests, fewestDays: Math.ceil(requests / PULL_SHARE), complete, pullMs }
  } finally {
    await sandbox.stop()
  }
}

/** The same organisation's pages as the client reads them (a simulator without the budget). */
export async function capturePages(projects: number): Promise<RemoteProject[][]> {
  const sandbox = await startSandbox({
    projectsOf: { opensolar: projects, easypv: 0, aurora: 0 },
    sites: 0,
    opensolar: { dailyLimit: 1_000_000_000 },
  })
  try {
    const client = new OpenSolarClient({
      baseUrl: sandbox.baseUrls.opensolar,
      orgId: DEMO_CREDENTIALS.opensolar.orgId,
      token: () => DEMO_CREDENTIALS.opensolar.token,
    })
    const pages: RemoteProject[][] = []
    for await (const page of client.listPages()) pages.push(page.projects)
    return pages
  } finally {
    await sandbox.stop()
  }
}
