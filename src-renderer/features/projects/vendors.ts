import type { Vendor } from '../../../src-shared/contract'
import { VENDOR_PROFILES, type VendorProfile } from '../../../src-shared/vendors'

/**
 * The vendors as the window shows them: their profiles, named by their short names (the list's dots, the
 * map's legend and the status bar have little room; main's messages use the full ones).
 */
export const VENDORS = Object.fromEntries(
  Object.values(VENDOR_PROFILES).map((profile) => [profile.vendor, { ...profile, name: profile.shortName }]),
) as Record<Vendor, VendorProfile>
