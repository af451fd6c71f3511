// Easy PV as the app knows it: its client, what it takes, and the values it fixes.
import { EASYPV_BUILD_DATES } from '../../../src-shared/contract/constants'
import { settingsOf, type VendorModule } from '../vendor-module'
import { EASYPV_CAPABILITIES } from './capabilities'
import { EasyPvClient } from './client'

export const easyPvModule: VendorModule<'easypv'> = {
  vendor: 'easypv',
  capabilities: EASYPV_CAPABILITIES,
  parallelEntities: 4,
  choices: { buildDate: [...EASYPV_BUILD_DATES] },
  create: (account, deps, secret) =>
    new EasyPvClient({
      baseUrl: account.base_url,
      userEmail: settingsOf('easypv', account).userEmail,
      apiKey: secret('apiKey'),
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
      now: deps.now,
    }),
}
