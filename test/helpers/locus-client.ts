import { type LocusConfig, LocusClient } from '../../src-main/providers/locus/client'
import { DEMO_CREDENTIALS, type Sandbox } from '../../src-main/demo/simulators/sandbox'

/** A Locus client signed in to the sandbox as the demo partner, on the sandbox's clock, retrying quickly. */
export function demoLocusClient(sandbox: Sandbox, overrides: Partial<LocusConfig> = {}): LocusClient {
  const c = DEMO_CREDENTIALS.locus
  let refresh: string | null = null
  return new LocusClient({
    baseUrl: sandbox.baseUrls.locus,
    partnerId: c.partnerId,
    clientId: c.clientId,
    clientSecret: () => c.clientSecret,
    grant: () => ({ type: 'password', username: c.username, password: c.password }),
    refreshTokens: { get: () => refresh, set: (v) => void (refresh = v) },
    now: () => sandbox.clock.nowMs(),
    http: { minBackoffMs: 5, maxBackoffMs: 20 },
    ...overrides,
  })
}
