// The account form's state and the draft it sends; what each vendor asks for is in its profile
// (src-shared/vendors/), checked again in main by the contract's schemas.
import type { AccountDraft, Vendor } from '../../../src-shared/contract'
import { type FieldSpec, VENDOR_PROFILES, type VendorProfile } from '../../../src-shared/vendors'

export type { FieldSpec, SecretSpec } from '../../../src-shared/vendors'

/** Each vendor's account form, from its profile. */
export const VENDOR_FORMS = Object.fromEntries(
  Object.values(VENDOR_PROFILES).map(({ vendor, form }) => [vendor, form]),
) as Record<Vendor, VendorProfile['form']>

export const DEFAULT_SETTINGS = Object.fromEntries(
  Object.values(VENDOR_PROFILES).map(({ vendor, form }) => [vendor, form.defaults]),
) as Record<Vendor, Record<string, string | number | boolean>>

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
