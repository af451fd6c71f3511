// The one list of vendor profiles (each in its own file here).
import type { Vendor } from '../contract/constants'
import { AURORA } from './aurora'
import { EASYPV } from './easypv'
import { LOCUS } from './locus'
import { OPENSOLAR } from './opensolar'
import type { VendorProfile } from './profile'

export type { FieldSpec, SecretSpec, VendorProfile } from './profile'

export const VENDOR_PROFILES: Record<Vendor, VendorProfile> = {
  opensolar: OPENSOLAR,
  easypv: EASYPV,
  aurora: AURORA,
  locus: LOCUS,
}
