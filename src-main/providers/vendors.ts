// The one list of the vendors the app speaks to. Everything vendor-specific lives in its folder
// (client, schemas, capabilities, module.ts); the rest of the app asks this list.
import type { Vendor } from '../../src-shared/contract'
import { auroraModule } from './aurora/module'
import { easyPvModule } from './easypv/module'
import { locusModule } from './locus/module'
import { openSolarModule } from './opensolar/module'
import type { VendorModule } from './vendor-module'

export const VENDOR_MODULES: { [V in Vendor]: VendorModule<V> } = {
  opensolar: openSolarModule,
  easypv: easyPvModule,
  aurora: auroraModule,
  locus: locusModule,
}

/** The vendors whose capabilities say so (the monitoring ones, those that take files…). */
export function vendorsWhere(test: (module: VendorModule) => boolean): Vendor[] {
  return Object.values(VENDOR_MODULES)
    .filter((module) => test(module))
    .map((module) => module.vendor)
}
