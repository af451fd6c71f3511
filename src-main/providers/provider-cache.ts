// One provider per account, kept while the account's address and settings stay the same.
import type BetterSqlite3 from 'better-sqlite3'
import { type AccountRecord, createProvider, type ProviderDeps } from './create-provider'
import type { Provider } from './provider'

/** One provider per account, built on first use from the account's row (settings) and the secret store. */
export function providerCache(sqlite: BetterSqlite3.Database, deps: ProviderDeps): (accountId: string) => Provider {
  const built = new Map<string, { key: string; provider: Provider }>()
  const select = sqlite.prepare<[string], AccountRecord>(
    'select id, provider, base_url, settings_json from accounts where id = ?',
  )
  return (accountId) => {
    const account = select.get(accountId)
    if (!account) throw new Error(`No account ${accountId}`)
    // Rebuilt when the account's URL or settings change.
    const key = `${account.base_url}|${account.settings_json}`
    const cached = built.get(accountId)
    if (cached?.key === key) return cached.provider
    const provider = createProvider(account, deps)
    built.set(accountId, { key, provider })
    return provider
  }
}
