// Aurora as the app knows it: its client, what it takes, and the values it fixes.

import { settingsOf, type VendorModule } from '../vendor-module'
import { AURORA_CAPABILITIES } from './capabilities'
import { AuroraClient } from './client'

export const auroraModule: VendorModule<'aurora'> = {
  vendor: 'aurora',
  capabilities: AURORA_CAPABILITIES,
  // About 90 requests a minute.
  parallelEntities: 3,
  choices: {},
  create: (account, deps, secret) => {
    const settings = settingsOf('aurora', account)
    return new AuroraClient({
      baseUrl: account.base_url,
      tenantId: settings.tenantId,
      version: settings.version,
      sendVersionHeader: settings.sendVersionHeader,
      token: secret('token'),
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
    })
  },
}
