// One row per vendor: adding a fifth is a folder and a row here. Settings come from the account's
// settings_json (not secret); secrets from the secret store, asked for only when a request needs them.
import type { z } from 'zod'
import { AccountSettings, type Vendor } from '../../src-shared/contract'
import type { SignInHold } from '../accounts/sign-in-hold'
import type { Logger } from '../logging/logger'
import type { SecretRedactor } from '../secrets/secret-redactor'
import { AuroraClient } from './aurora/client'
import { EasyPvClient } from './easypv/client'
import { AuthError } from './http/errors'
import { type BudgetStore, DAILY_REQUEST_LIMITS, DailyBudget } from './http/limits'
import type { HttpClientConfig } from './http/http-client'
import { LocusClient } from './locus/client'
import type { RefreshTokenStore } from './locus/oauth'
import { OpenSolarClient } from './opensolar/client'
import type { Provider } from './provider'
import { guardProvider } from './provider-boundary'

/** Secrets by account and name ('token', 'apiKey', 'clientSecret', 'password', 'refreshToken'). */
export interface SecretSource {
  get(accountId: string, name: string): Promise<string | null>
  set(accountId: string, name: string, value: string | null): Promise<void>
}

export interface AccountRecord {
  id: string
  provider: Vendor
  base_url: string
  settings_json: string
}

export interface ProviderDeps {
  secrets: SecretSource
  /** Knows every secret the app holds: what the providers throw and log leaves them without any. */
  redactor: SecretRedactor
  /** An account's sign-in hold (absent: a provider for a draft being tested, which holds nothing). */
  signInHold?: (accountId: string) => SignInHold
  /** Where an account's daily budget is kept (SQLite in the app). */
  budgetStore: (accountId: string) => BudgetStore
  log?: Logger
  fetch?: typeof globalThis.fetch
  now?: () => Date
  /** Overrides of the vendors' daily budgets (the crash harness runs thousands of requests). */
  dailyLimits?: Partial<Record<Vendor, number>>
  /** Retry and timeout overrides (the crash harness compresses time). */
  http?: Pick<
    HttpClientConfig,
    'retries' | 'minBackoffMs' | 'maxBackoffMs' | 'timeoutMs' | 'redactor' | 'signIn' | 'closing'
  >
}

// The settings' schemas are the contract's: the Settings form is checked by the same ones.
const Settings = AccountSettings

type Factory = (account: AccountRecord, deps: ProviderDeps, secret: (name: string) => () => Promise<string>) => Provider

const FACTORIES: { [V in Vendor]: Factory } = {
  opensolar: (account, deps, secret) => {
    const settings = settingsOf('opensolar', account)
    return new OpenSolarClient({
      baseUrl: account.base_url,
      orgId: settings.orgId,
      token: secret('token'),
      limiter: new DailyBudget(
        'opensolar',
        deps.dailyLimits?.opensolar ?? DAILY_REQUEST_LIMITS.opensolar ?? 1000,
        deps.budgetStore(account.id),
        deps.now ?? (() => new Date()),
      ),
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
    })
  },
  easypv: (account, deps, secret) =>
    new EasyPvClient({
      baseUrl: account.base_url,
      userEmail: settingsOf('easypv', account).userEmail,
      apiKey: secret('apiKey'),
      fetch: deps.fetch,
      http: deps.http,
      log: deps.log,
      now: deps.now,
    }),
  aurora: (account, deps, secret) => {
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
  locus: (account, deps, secret) => {
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
  return guardProvider(FACTORIES[account.provider](account, inside, secret), redactor)
}

function settingsOf<V extends Vendor>(vendor: V, account: AccountRecord): z.infer<(typeof Settings)[V]> {
  let raw: unknown
  try {
    raw = JSON.parse(account.settings_json)
  } catch {
    raw = undefined
  }
  const parsed = Settings[vendor].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `The ${vendor} account ${account.id} is missing a setting (${issue?.path.join('.') || 'settings'}: ${issue?.message}). Check it in Settings → Accounts.`,
    )
  }
  return parsed.data as z.infer<(typeof Settings)[V]>
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
