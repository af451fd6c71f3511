// A technician's vendor accounts: add, change, test, sign in again, remove. Settings live in
// the accounts table; secrets in the secret store, written here and read only by the providers.
import { hasDemoAccounts } from '../demo/seed-demo-data'
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  type AccountDraft,
  AccountSecrets,
  type AccountView,
  type MethodOutput,
  type Vendor,
} from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { CAPABILITIES } from '../providers/capabilities'
import { type AccountRecord, createProvider, type ProviderDeps } from '../providers/create-provider'
import { AuthError, ProviderError, UnsafeRequestError, vendorName } from '../providers/http/errors'
import { checkVendorBaseUrl } from '../providers/http/vendor-url'
import type { SecretStore } from '../secrets/secret-store'
import { vendorsWhere } from '../providers/vendors'
import { VENDOR_PROFILES } from '../../src-shared/vendors'

/** Vendors that take projects but fix no list of stages: each project's own workflow names them. */
const STAGES_FROM_PROJECTS = vendorsWhere((v) => v.capabilities.update && v.capabilities.stages === null)

export interface AccountsDeps {
  db: Kysely<Database>
  secrets: SecretStore
  /** How providers are built (a draft is tested with the same clients sync uses). */
  providerDeps: Omit<ProviderDeps, 'secrets'>
  /** An account's queue may go again (after signing in). */
  resume: (accountId: string) => void
  now?: () => Date
}

/** Demo accounts are named so (seed-demo-data.ts): the demo badge shows while any is left. */
export const isDemoAccount = (id: string) => id.startsWith('demo-')

export class Accounts {
  private readonly now: () => Date

  constructor(private readonly deps: AccountsDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async list(): Promise<MethodOutput<'accounts.list'>> {
    const rows = await this.deps.db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute()
    const { secrets } = this.deps
    return {
      items: await this.stagesSeen().then((seen) => rows.map((row) => this.view(row, seen))),
      secretProtection: secrets.protection,
      weakProtectionAccepted: secrets.protection === 'weak' && secrets.persists,
      defaults: Object.fromEntries(
        Object.values(VENDOR_PROFILES).map(({ vendor, baseUrl }) => [vendor, { baseUrl }]),
      ) as Record<Vendor, { baseUrl: string }>,
    }
  }

  hasDemo(): Promise<boolean> {
    return hasDemoAccounts(this.deps.db)
  }

  async save(input: { id?: string; account: AccountDraft; acceptWeakProtection: boolean }): Promise<AccountView> {
    const { account } = input
    this.checkAddress(account)
    await this.agreeToProtection(input.acceptWeakProtection, Object.keys(account.secrets ?? {}).length > 0)
    const id = input.id ?? randomUUID()
    const values = {
      provider: account.vendor,
      label: account.label,
      base_url: account.baseUrl.replace(/\/+$/, ''),
      settings_json: JSON.stringify(account.settings),
    }
    if (input.id) {
      const existing = await this.row(input.id)
      if (existing.provider !== account.vendor)
        throw new AppError('invalid_input', 'An account cannot change vendor. Add a new account instead.')
      await this.deps.db.updateTable('accounts').set(values).where('id', '=', id).execute()
    } else {
      await this.deps.db
        .insertInto('accounts')
        .values({ ...values, id, created_at: this.now().toISOString() })
        .execute()
    }
    const given = Object.entries(account.secrets ?? {}).filter(([, value]) => value)
    for (const [name, value] of given) await this.deps.secrets.set(id, name, value)
    // New secrets are a new sign-in: the hold after a refused one is lifted.
    if (given.length)
      await this.deps.db.updateTable('accounts').set({ needs_sign_in: 0 }).where('id', '=', id).execute()
    // A new or changed account syncs at once: its projects are here before the technician leaves.
    this.deps.resume(id)
    return this.view(await this.row(id))
  }

  /** One cheap signed-in request, with the vendor's answer in words. Nothing is saved. */
  async test(
    input: { id?: string; account?: AccountDraft },
    signal?: AbortSignal,
  ): Promise<{ ok: boolean; message: string }> {
    let record: AccountRecord
    let draftSecrets: Record<string, string | undefined> = {}
    if (input.account) {
      this.checkAddress(input.account)
      record = {
        id: input.id ?? 'draft',
        provider: input.account.vendor,
        base_url: input.account.baseUrl.replace(/\/+$/, ''),
        settings_json: JSON.stringify(input.account.settings),
      }
      draftSecrets = input.account.secrets ?? {}
    } else if (input.id) {
      record = await this.row(input.id)
    } else {
      throw new AppError('invalid_input', 'Say which account to test.')
    }
    const saved = this.deps.secrets
    const provider = createProvider(record, {
      ...this.deps.providerDeps,
      // The test's own request is not counted in the account's saved budget, and goes even while the
      // account is held for sign-in (the technician is checking whether it would now be taken).
      budgetStore: () => ({ read: () => undefined, write: () => undefined }),
      signInHold: undefined,
      secrets: {
        get: async (_account, name) => draftSecrets[name] ?? (input.id ? saved.get(input.id, name) : null),
        set: () => Promise.resolve(),
      },
    })
    try {
      return { ok: true, message: await provider.checkConnection(signal) }
    } catch (error) {
      if (error instanceof AuthError) {
        const said = error.vendorMessages.length ? ` It said: ${error.vendorMessages.join('; ')}` : ''
        return { ok: false, message: `${vendorName(record.provider)} did not accept this sign-in.${said}` }
      }
      if (error instanceof ProviderError) return { ok: false, message: error.message }
      if (error instanceof Error && /missing a setting/.test(error.message))
        return { ok: false, message: error.message }
      throw error
    }
  }

  /** Saves new secrets and lifts the hold: the account's queue goes again. */
  async signIn(input: { id: string; secrets: Record<string, string>; acceptWeakProtection: boolean }) {
    const row = await this.row(input.id)
    const allowed = Object.keys(AccountSecrets[row.provider].shape)
    const unknown = Object.keys(input.secrets).find((name) => !allowed.includes(name))
    if (unknown) throw new AppError('invalid_input', `"${unknown}" is not something ${row.provider} signs in with.`)
    await this.agreeToProtection(input.acceptWeakProtection, true)
    for (const [name, value] of Object.entries(input.secrets)) await this.deps.secrets.set(row.id, name, value)
    await this.deps.db.updateTable('accounts').set({ needs_sign_in: 0 }).where('id', '=', row.id).execute()
    this.deps.resume(row.id)
    return this.view(await this.row(row.id))
  }

  /** Removes the account, its cache and its secrets; its unsent changes are exported first, or discarded. */
  async remove(input: { id: string; unsent: 'export' | 'discard' }): Promise<MethodOutput<'accounts.remove'>> {
    const row = await this.row(input.id)
    const unsent = await this.deps.db
      .selectFrom('outbox')
      .select(['id', 'op', 'entity_key', 'payload_json', 'state', 'last_error', 'created_at'])
      .where('account_id', '=', row.id)
      .where('state', '!=', 'sent')
      .orderBy('id')
      .execute()
    let exported: string | null = null
    if (input.unsent === 'export' && unsent.length) {
      const titles = await this.titles(row.id)
      exported = JSON.stringify(
        {
          account: { label: row.label, vendor: row.provider, baseUrl: row.base_url },
          exportedAt: this.now().toISOString(),
          note: 'Changes made in Solar Field that had not reached the vendor when the account was removed.',
          changes: unsent.map((op) => ({
            what: op.op,
            item: titles.get(op.entity_key) ?? op.entity_key,
            fields: JSON.parse(op.payload_json) as unknown,
            state: op.state,
            lastError: op.last_error,
            madeAt: op.created_at,
          })),
        },
        null,
        2,
      )
    }
    // Projects, files, outbox, conflicts, monitoring and sync state go with it (foreign keys cascade).
    await this.deps.db.deleteFrom('accounts').where('id', '=', row.id).execute()
    await this.deps.secrets.removeAccount(row.id)
    return { exported, unsent: unsent.length }
  }

  private async titles(accountId: string): Promise<Map<string, string>> {
    const projects = await this.deps.db
      .selectFrom('projects')
      .select(['id', 'title'])
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('dirty', '=', 1), eb('deleted', '=', 1), eb('remote_id', 'is', null)]))
      .execute()
    const files = await this.deps.db
      .selectFrom('files')
      .select(['id', 'title'])
      .where('account_id', '=', accountId)
      .execute()
    return new Map([
      ...projects.map((p) => [`project:${p.id}`, p.title] as const),
      ...files.map((f) => [`file:${f.id}`, f.title] as const),
    ])
  }

  private checkAddress(account: AccountDraft): void {
    try {
      checkVendorBaseUrl(account.vendor, account.baseUrl)
    } catch (error) {
      if (error instanceof UnsafeRequestError) throw new AppError('invalid_input', error.message)
      throw error
    }
  }

  /** With no OS keyring, secrets go to disk only once the technician has agreed. */
  private async agreeToProtection(accepted: boolean, savingSecrets: boolean): Promise<void> {
    const { secrets } = this.deps
    if (!savingSecrets || secrets.persists) return
    if (!accepted)
      throw new AppError(
        'invalid_input',
        `This computer has no keyring to protect saved sign-ins (${secrets.backend}): anyone with its files could read them. ` +
          'Agree to save them anyway, or install a keyring (GNOME Keyring, KWallet) and restart Solar Field.',
      )
    await secrets.acceptWeakProtection()
  }

  private async row(id: string) {
    const row = await this.deps.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('not_found', 'This account is no longer set up here.')
    return row
  }

  /** Where stages come from each project's workflow (OpenSolar), a new one is offered those seen on the account. */
  private async stagesSeen(): Promise<Map<string, string[]>> {
    const rows = await this.deps.db
      .selectFrom('projects')
      .select(['account_id', 'stage'])
      .distinct()
      .where('provider', 'in', STAGES_FROM_PROJECTS)
      .where('stage', 'is not', null)
      .orderBy('stage')
      .execute()
    const seen = new Map<string, string[]>()
    for (const row of rows) seen.set(row.account_id, [...(seen.get(row.account_id) ?? []), row.stage!])
    return seen
  }

  private view(row: Awaited<ReturnType<Accounts['row']>>, stagesSeen = new Map<string, string[]>()): AccountView {
    let settings: Record<string, string | number | boolean> = {}
    try {
      settings = JSON.parse(row.settings_json) as typeof settings
    } catch {
      // shown empty; the form asks for them again
    }
    return {
      id: row.id,
      vendor: row.provider,
      label: row.label,
      baseUrl: row.base_url,
      settings,
      savedSecrets: this.deps.secrets.saved(row.id),
      createFields: CAPABILITIES[row.provider].create ? [...CAPABILITIES[row.provider].createFields] : [],
      stageOptions: [...(CAPABILITIES[row.provider].stages ?? stagesSeen.get(row.id) ?? [])],
      needsSignIn: row.needs_sign_in === 1,
      demo: isDemoAccount(row.id),
    }
  }
}
