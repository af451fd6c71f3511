// What every process may know of a vendor without speaking to it: its names, colour and address, how its
// projects differ, and what its account form asks for. One file per vendor beside this one; main's side
// of a vendor (its client, schemas, capabilities) is its folder in src-main/providers/. Plain values: the
// renderer loads them as they are.
import type { Vendor } from '../contract/constants'

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

export interface VendorProfile {
  vendor: Vendor
  /** As the technician knows it, in messages and panels. */
  name: string
  /** Where room is short (list dots, map legend, badges). */
  shortName: string
  color: string
  /** Its real API: the default address of a new account. */
  baseUrl: string
  /** What its projects' stage is called in its own app. */
  stageLabel: string
  /** Its projects are monitored sites (devices and readings), not designs to edit. */
  monitoring: boolean
  /** A new project needs a place (an address or the pin), not only a name. */
  createNeedsPlace: boolean
  /**
   * What the account form asks for. Checked again in main by the contract's schemas (AccountSettings,
   * AccountSecrets): this only says what to show.
   */
  form: {
    settings: FieldSpec[]
    secrets: SecretSpec[]
    help: string
    defaults: Record<string, string | number | boolean>
  }
}
