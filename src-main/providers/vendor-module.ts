// What a vendor is to the app, in one descriptor per vendor folder (its module.ts): how to build its
// client from an account, what it takes and sends, and the values it fixes. providers/vendors.ts lists them.
import type { z } from 'zod'
import { AccountSettings, type Vendor } from '../../src-shared/contract'
import type { SignInHold } from '../accounts/sign-in-hold'
import type { Logger } from '../logging/logger'
import type { SecretRedactor } from '../secrets/secret-redactor'
import type { HttpClientConfig } from './http/http-client'
import type { BudgetStore } from './http/limits'
import type { Provider, ProviderCapabilities } from './provider'

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

/** A secret of the account, read when a request needs it (a missing one is a sign-in to do). */
export type SecretReader = (name: string) => () => Promise<string>

export interface VendorModule<V extends Vendor = Vendor> {
  vendor: V
  capabilities: ProviderCapabilities
  /** Values the vendor fixes for a field, for the editor's pickers (Easy PV's design modes…). */
  choices: Record<string, string[]>
  /**
   * How many of an account's entities sync sends at once. Different projects go side by side; one
   * project's ops never do.
   */
  parallelEntities: number
  /** Its published per-day request budget, where it has one. */
  dailyRequests?: number
  /** Its client for one account: settings from the account's row, secrets read when needed. */
  create(account: AccountRecord, deps: ProviderDeps, secret: SecretReader): Provider
}

/** An account's settings, checked with the contract's schema (the Settings form is checked by the same). */
export function settingsOf<V extends Vendor>(vendor: V, account: AccountRecord): z.infer<(typeof AccountSettings)[V]> {
  let raw: unknown
  try {
    raw = JSON.parse(account.settings_json)
  } catch {
    raw = undefined
  }
  const parsed = AccountSettings[vendor].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `The ${vendor} account ${account.id} is missing a setting (${issue?.path.join('.') || 'settings'}: ${issue?.message}). Check it in Settings → Accounts.`,
    )
  }
  return parsed.data as z.infer<(typeof AccountSettings)[V]>
}
