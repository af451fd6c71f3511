// What each vendor asks for in the account form. Checked again in main by the contract's schemas
// (AccountSettings, AccountSecrets): this only says what to show.
import type { AccountDraft, Vendor } from '../../../src-shared/contract'

export interface FieldSpec {
  key: string
  label: string
  kind: 'text' | 'number' | 'email' | 'select' | 'checkbox'
  options?: { value: string; label: string }[]
  hint?: string
  /** Shown only when another setting has this value (Locus: a username with the password grant). */
  when?: { key: string; value: string }
}

export interface SecretSpec {
  key: string
  label: string
  when?: { key: string; value: string }
}

export const VENDOR_FORMS: Record<Vendor, { settings: FieldSpec[]; secrets: SecretSpec[]; help: string }> = {
  opensolar: {
    settings: [
      {
        key: 'orgId',
        label: 'Organisation id',
        kind: 'number',
        hint: 'The number in /api/orgs/…/ of your OpenSolar links',
      },
    ],
    secrets: [{ key: 'token', label: 'API token' }],
    help: 'OpenSolar: Control → Integrations → API tokens. User tokens last 7 days; Solar Field asks again when one expires.',
  },
  easypv: {
    settings: [
      {
        key: 'userEmail',
        label: 'Team member email',
        kind: 'email',
        hint: 'An Easy PV Pro team member; projects are listed as theirs',
      },
    ],
    secrets: [{ key: 'apiKey', label: 'API key' }],
    help: 'Easy PV: Settings → Open API.',
  },
  aurora: {
    settings: [
      { key: 'tenantId', label: 'Tenant id', kind: 'text' },
      {
        key: 'version',
        label: 'API version',
        kind: 'select',
        options: [
          { value: '2024.05', label: '2024.05' },
          { value: '2022.09', label: '2022.09' },
        ],
        hint: 'The version your API key is on (Aurora: Settings → API tokens)',
      },
      { key: 'sendVersionHeader', label: 'Sandbox: send the API version with each request', kind: 'checkbox' },
    ],
    secrets: [{ key: 'token', label: 'API token' }],
    help: 'Aurora: Settings → API tokens.',
  },
  locus: {
    settings: [
      { key: 'partnerId', label: 'Partner id', kind: 'number' },
      { key: 'clientId', label: 'Client id', kind: 'text' },
      {
        key: 'grant',
        label: 'Sign in with',
        kind: 'select',
        options: [
          { value: 'password', label: 'A user name and password' },
          { value: 'client_credentials', label: 'The client credentials only' },
        ],
      },
      { key: 'username', label: 'User name', kind: 'text', when: { key: 'grant', value: 'password' } },
    ],
    secrets: [
      { key: 'clientSecret', label: 'Client secret' },
      { key: 'password', label: 'Password', when: { key: 'grant', value: 'password' } },
    ],
    help: 'Locus Energy (SolarNOC): the OAuth client Locus issued to your company.',
  },
}

export const DEFAULT_SETTINGS: Record<Vendor, Record<string, string | number | boolean>> = {
  opensolar: {},
  easypv: {},
  aurora: { version: '2024.05', sendVersionHeader: false },
  locus: { grant: 'password' },
}

export interface FormState {
  vendor: Vendor
  label: string
  baseUrl: string
  settings: Record<string, string | number | boolean>
  secrets: Record<string, string>
}

const shown = (when: FieldSpec['when'], settings: FormState['settings']) => !when || settings[when.key] === when.value

/** The form as the contract's draft: numbers as numbers, hidden fields left out, empty secrets kept as saved. */
export function toDraft(form: FormState): AccountDraft {
  const spec = VENDOR_FORMS[form.vendor]
  const settings: Record<string, unknown> = {}
  for (const field of spec.settings) {
    if (!shown(field.when, form.settings)) continue
    const value = form.settings[field.key]
    if (value === undefined || value === '') continue
    settings[field.key] = field.kind === 'number' ? Number(value) : value
  }
  const secrets = Object.fromEntries(
    spec.secrets
      .filter((s) => shown(s.when, form.settings) && form.secrets[s.key])
      .map((s) => [s.key, form.secrets[s.key]]),
  )
  return { vendor: form.vendor, label: form.label, baseUrl: form.baseUrl, settings, secrets } as AccountDraft
}

export const isShown = shown
