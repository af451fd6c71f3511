// Settings → "Test the connection": can this computer reach each account's vendor at all — through the
// proxy, past the firewall, trusting its certificate — before any sign-in is involved? One anonymous
// request to each vendor's address (any HTTP answer, even a 404, means the way is open), through the same
// fetch the vendor clients use (the system's proxy and certificates in the desktop app).
import type { Kysely } from 'kysely'
import type { MethodOutput } from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { vendorName } from '../providers/http/errors'
import { describeNetworkFailure } from '../providers/http/network-failure'

const CHECK_TIMEOUT_MS = 10_000

export async function checkConnections(
  db: Kysely<Database>,
  fetch: typeof globalThis.fetch = globalThis.fetch,
  signal?: AbortSignal,
): Promise<MethodOutput<'network.check'>> {
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'provider', 'label', 'base_url'])
    .orderBy('created_at')
    .execute()
  const results = await Promise.all(
    accounts.map(async (account) => {
      const name = vendorName(account.provider)
      const origin = URL.parse(account.base_url)?.origin
      if (!origin)
        return { accountId: account.id, ok: false, message: `${account.label}: the address is not a web address.` }
      const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS)
      try {
        const response = await fetch(origin, {
          method: 'GET',
          redirect: 'manual',
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        })
        await response.body?.cancel()
        return { accountId: account.id, ok: true, message: `${name} answered (HTTP ${response.status}).` }
      } catch (error) {
        const message = timeout.aborted
          ? `${name} did not answer within ${CHECK_TIMEOUT_MS / 1000} s.`
          : describeNetworkFailure(error, name)
        return { accountId: account.id, ok: false, message }
      }
    }),
  )
  return { results }
}
