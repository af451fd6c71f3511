import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations/index'
import { openDatabase } from '../../../src-main/db/open-database'
import { RateLimitedError } from '../../../src-main/providers/http/errors'
import { DailyBudget } from '../../../src-main/providers/http/limits'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { SqliteBudgetStore } from '../../../src-main/sync/request-budget-store'
import { SyncStatusService } from '../../../src-main/sync/sync-status'
import { insertAccount } from '../../helpers/database'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const sandboxes = useSandboxes()

describe('OpenSolar daily budget in SQLite', () => {
  it('survives a restart of the app, and the status bar sees it', async () => {
    const s = await sandboxes()
    const file = path.join(tempDir(), 'solar-field.db')
    const [remoteId] = s.state.opensolar.projects.keys()
    const start = async () => {
      const opened = await openDatabase(file, { migrations })
      const budget = new DailyBudget('opensolar', 4, new SqliteBudgetStore(opened.sqlite, 'os-1'), () => new Date(), 0)
      const client = new OpenSolarClient({
        baseUrl: s.baseUrls.opensolar,
        orgId: 1,
        token: () => DEMO_CREDENTIALS.opensolar.token,
        limiter: budget,
      })
      return { opened, client, budget }
    }

    const first = await start()
    await insertAccount(first.opened.db, { id: 'os-1', provider: 'opensolar' })
    await first.client.getProject(String(remoteId))
    await first.client.getProject(String(remoteId))
    await first.client.getProject(String(remoteId))
    await first.opened.close()

    const second = await start()
    expect(second.budget.remaining()).toBe(1)
    const status = await new SyncStatusService(second.opened.db, () => new Date()).read()
    expect(status.accounts[0]?.budget).toEqual({ remaining: 1000 - 3, limit: 1000 })
    await second.client.getProject(String(remoteId))
    await expect(second.client.getProject(String(remoteId))).rejects.toBeInstanceOf(RateLimitedError)
    expect(s.log.all({ vendor: 'opensolar' })).toHaveLength(4)
    await second.opened.close()
  })
})
