import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { useHostileVendors } from '../../helpers/hostile-vendor'
import { useServices } from '../../helpers/services'

const hostile = useHostileVendors()

/** A loopback port nothing listens on (one just let go). */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
const services = useServices()

describe('testing the connection', () => {
  it('says, per account, whether its vendor can be reached, and why not in words', async () => {
    const vendor = await hostile({})
    const t = await services({ syncTuning: { http: { retries: 0, timeoutMs: 1_000 } } })
    const draft = (label: string, baseUrl: string) => ({
      vendor: 'aurora' as const,
      label,
      baseUrl,
      settings: { tenantId: 't1' },
      secrets: { token: 'tok' },
    })
    const up = await t.call('accounts.save', { account: draft('Up', vendor.origin) })
    const down = await t.call('accounts.save', { account: draft('Down', `http://127.0.0.1:${await closedPort()}`) })
    const { results } = await t.call('network.check', {})
    expect(results).toEqual([
      { accountId: up.id, ok: true, message: 'Aurora answered (HTTP 404).' },
      { accountId: down.id, ok: false, message: expect.stringMatching(/^Aurora refused the connection/) },
    ])
    // Anonymous: the check carries no credentials.
    expect(vendor.requests.at(-1)?.headers.authorization).toBeUndefined()
  })
})
