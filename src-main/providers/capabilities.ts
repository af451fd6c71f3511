// What each vendor supports, read from its module: the edit path and the detail pane read it offline,
// without building a client.
import type { Vendor } from '../../src-shared/contract'
import type { ProviderCapabilities } from './provider'
import { VENDOR_MODULES } from './vendors'

export const CAPABILITIES = Object.fromEntries(
  Object.values(VENDOR_MODULES).map((module) => [module.vendor, module.capabilities]),
) as Record<Vendor, ProviderCapabilities>
