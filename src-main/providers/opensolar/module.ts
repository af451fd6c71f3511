// OpenSolar as the app knows it: its client, what it takes, and the values it fixes.
import { Usage } from '../../../src-shared/contract'
import { DailyBudget } from '../http/limits'
import { settingsOf, type VendorModule } from '../vendor-module'
import { OPENSOLAR_CAPABILITIES } from './capabilities'
import { OpenSolarClient } from './client'

export const openSolarModule: VendorModule<'opensolar'> = {
  vendor: 'opensolar',
  capabilities: OPENSOLAR_CAPABILITIES,
  // Its real limit is the daily budget (counted per request whatever the parallelism) and ~10 creates a
  // minute (a 429 pauses the account).
  parallelEntities: 4,
  // 1000 requests/day/org (opensolar-projects.txt).
  dailyRequests: 1000,
  choices: { usageSource: Usage.options.map((o) => o.shape.usage_data_source.value) },
  create: (account, deps, secret) => {
    const settings = settingsOf('opensolar', account)
    return new OpenSolarClient({
      baseUrl: account.base_url,
      orgId: settings.orgId,
      token: secret('token'),
      limiter: new DailyBudget(
        'opensolar',
        deps.dailyLimits?.opensolar ?? 1000,
        deps.budgetStore(account.id),
        deps.now ?? (() => new Date()),
      ),
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
    })
  },
}
