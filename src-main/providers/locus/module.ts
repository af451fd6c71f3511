// Locus Energy as the app knows it: its client, what it takes, and the values it fixes.
import type { RefreshTokenStore } from './oauth'
import { settingsOf, type VendorModule } from '../vendor-module'
import { LOCUS_CAPABILITIES } from './capabilities'
import { LocusClient } from './client'

export const locusModule: VendorModule<'locus'> = {
  vendor: 'locus',
  capabilities: LOCUS_CAPABILITIES,
  // One request at a time (locus-energy-v3.txt).
  parallelEntities: 1,
  choices: {},
  create: (account, deps, secret) => {
    const settings = settingsOf('locus', account)
    const refreshTokens: RefreshTokenStore = {
      get: () => deps.secrets.get(account.id, 'refreshToken'),
      set: (value) => deps.secrets.set(account.id, 'refreshToken', value),
    }
    return new LocusClient({
      baseUrl: account.base_url,
      partnerId: settings.partnerId,
      clientId: settings.clientId,
      clientSecret: secret('clientSecret'),
      grant: async () =>
        settings.grant === 'client_credentials'
          ? { type: 'client_credentials' }
          : { type: 'password', username: settings.username ?? '', password: await secret('password')() },
      refreshTokens,
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
      now: deps.now && (() => deps.now!().getTime()),
    })
  },
}
