// Accounts. Settings are plain; secrets go in and never come out (saved: names only).
import { z } from 'zod'
import { cleanText, Id, type Methods, NoInput, Vendor } from './common'

/** An account's non-secret settings, per vendor: the same schemas the clients are built from. */
export const AccountSettings = {
  opensolar: z.object({ orgId: z.number().int().positive() }).strict(),
  easypv: z.object({ userEmail: z.string().trim().email('The Easy PV team member’s email') }).strict(),
  aurora: z
    .object({
      tenantId: z.string().trim().min(1, 'The Aurora tenant id'),
      version: z.enum(['2022.09', '2024.05']).default('2024.05'),
      /** Aurora-API-Version: honoured by its sandbox only. */
      sendVersionHeader: z.boolean().default(false),
    })
    .strict(),
  locus: z
    .object({
      partnerId: z.number().int().positive(),
      clientId: z.string().trim().min(1, 'The Locus client id'),
      grant: z.enum(['password', 'client_credentials']).default('password'),
      username: z.string().trim().max(200).optional(),
    })
    .strict(),
} as const satisfies Record<Vendor, z.ZodType>

const SecretValue = z.string().trim().min(1).max(8000)
/** What each vendor signs in with. */
export const AccountSecrets = {
  opensolar: z.object({ token: SecretValue }).partial().strict(),
  easypv: z.object({ apiKey: SecretValue }).partial().strict(),
  aurora: z.object({ token: SecretValue }).partial().strict(),
  locus: z.object({ clientSecret: SecretValue, password: SecretValue }).partial().strict(),
} as const satisfies Record<Vendor, z.ZodType>

const AccountLabel = cleanText(z.string().trim().min(1, 'An account needs a name').max(100))
const BaseUrl = z.string().trim().url('The address must be a web address (https://…)').max(500)
const draftOf = <V extends Vendor>(vendor: V) =>
  z
    .object({
      vendor: z.literal(vendor),
      label: AccountLabel,
      baseUrl: BaseUrl,
      settings: AccountSettings[vendor],
      /** Only the secrets being set; one left out keeps what is saved. */
      secrets: AccountSecrets[vendor].optional(),
    })
    .strict()
/** An account as the Settings form sends it. */
export const AccountDraft = z.discriminatedUnion('vendor', [
  draftOf('opensolar'),
  draftOf('easypv'),
  draftOf('aurora'),
  draftOf('locus'),
])
export type AccountDraft = z.infer<typeof AccountDraft>

export const AccountView = z.object({
  id: Id,
  vendor: Vendor,
  label: z.string(),
  baseUrl: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secrets saved for it ("token"…): shown as "saved", never their values. */
  savedSecrets: z.array(z.string()),
  /** Fields a new project of this account may be given (empty: the vendor takes no new projects). */
  createFields: z.array(z.string()),
  /** Stages or types a new project may start in. */
  stageOptions: z.array(z.string()),
  needsSignIn: z.boolean(),
  /** A demo account (on the simulators). */
  demo: z.boolean(),
})
export type AccountView = z.infer<typeof AccountView>

export const accountMethods = {
  /** Accounts, how secrets are protected here, and each vendor's default address. */
  'accounts.list': {
    input: NoInput,
    output: z.object({
      items: z.array(AccountView),
      /** 'weak': the OS offers no keyring; secrets are kept on disk only if the technician agreed. */
      secretProtection: z.enum(['os', 'install-key', 'weak']),
      weakProtectionAccepted: z.boolean(),
      defaults: z.record(Vendor, z.object({ baseUrl: z.string() })),
    }),
  },
  /** Adds (no id) or changes an account; secrets given are saved encrypted, and never read back. */
  'accounts.save': {
    input: z
      .object({
        id: Id.optional(),
        account: AccountDraft,
        /** The technician agreed to keep secrets with weak protection (no OS keyring). */
        acceptWeakProtection: z.boolean().default(false),
      })
      .strict(),
    output: AccountView,
  },
  /** One cheap signed-in request: a saved account, or a draft before it is saved (its missing secrets taken from `id`). */
  'accounts.test': {
    input: z.object({ id: Id.optional(), account: AccountDraft.optional() }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  /** Can this computer reach each account's vendor at all (proxy, firewall, certificates), signed in or not. */
  'network.check': {
    input: NoInput,
    output: z.object({
      results: z.array(z.object({ accountId: Id, ok: z.boolean(), message: z.string() })),
    }),
  },
  /** New secrets for an account held for sign-in: the hold is lifted and its queue goes again. */
  'accounts.signIn': {
    input: z
      .object({
        id: Id,
        secrets: z.record(z.string().max(40), SecretValue),
        acceptWeakProtection: z.boolean().default(false),
      })
      .strict(),
    output: AccountView,
  },
  /** Removes an account and its cached projects; its unsent changes are exported (as JSON) or discarded. */
  'accounts.remove': {
    input: z.object({ id: Id, unsent: z.enum(['export', 'discard']) }).strict(),
    output: z.object({ exported: z.string().nullable(), unsent: z.number().int().nonnegative() }),
  },
} as const satisfies Methods
