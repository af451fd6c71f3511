// A vendor's client for an account, from the vendor's module (providers/vendors.ts lists them), with
// its secrets and failures kept to the provider layer.
import { AuthError } from './http/errors'
import type { Provider } from './provider'
import { guardProvider } from './provider-boundary'
import type { AccountRecord, ProviderDeps, SecretSource } from './vendor-module'
import { VENDOR_MODULES } from './vendors'

export type { AccountRecord, ProviderDeps, SecretSource } from './vendor-module'

export function createProvider(account: AccountRecord, deps: ProviderDeps): Provider {
  const { redactor } = deps
  const secret = (name: string) => async () => {
    const value = await deps.secrets.get(account.id, name)
    if (!value)
      throw new AuthError(
        account.provider,
        `This account has no saved ${name === 'apiKey' ? 'API key' : name}. Sign in again in Settings → Accounts.`,
      )
    redactor.learn(value)
    return value
  }
  // Inside, every request's credentials are learnt and every log line redacted; at the edge, every failure.
  const inside: ProviderDeps = {
    ...deps,
    log: deps.log && redactor.logger(deps.log),
    http: { ...deps.http, redactor, signIn: deps.signInHold?.(account.id) },
    secrets: {
      get: async (accountId, name) => {
        const value = await deps.secrets.get(accountId, name)
        redactor.learn(value)
        return value
      },
      set: async (accountId, name, value) => {
        redactor.learn(value)
        await deps.secrets.set(accountId, name, value)
      },
    },
  }
  return guardProvider(VENDOR_MODULES[account.provider].create(account, inside, secret), redactor)
}

/** Secrets held in memory: tests, the demo, and the dev host. The desktop app uses safeStorage. */
export class MemorySecrets implements SecretSource {
  private readonly values = new Map<string, string>()
  constructor(initial: Record<string, Record<string, string>> = {}) {
    for (const [account, secrets] of Object.entries(initial))
      for (const [name, value] of Object.entries(secrets)) this.values.set(`${account}:${name}`, value)
  }
  get(accountId: string, name: string): Promise<string | null> {
    return Promise.resolve(this.values.get(`${accountId}:${name}`) ?? null)
  }
  set(accountId: string, name: string, value: string | null): Promise<void> {
    if (value === null) this.values.delete(`${accountId}:${name}`)
    else this.values.set(`${accountId}:${name}`, value)
    return Promise.resolve()
  }
}
