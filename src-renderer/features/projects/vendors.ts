import type { Vendor } from '../../../src-shared/contract'

export interface VendorFacts {
  /** How it is named and coloured everywhere (list dots, map pins, badges). */
  name: string
  color: string
  /** What its projects' stage is called in its own app. */
  stageLabel: string
  /** Its projects are monitored sites (devices and readings), not designs to edit. */
  monitoring: boolean
  /** A new project needs a place (an address or the pin), not only a name. */
  createNeedsPlace: boolean
}

/** The window's one table of what sets the vendors apart. */
export const VENDORS: Record<Vendor, VendorFacts> = {
  opensolar: { name: 'OpenSolar', color: '#e8590c', stageLabel: 'Stage', monitoring: false, createNeedsPlace: false },
  easypv: { name: 'Easy PV', color: '#2b8a3e', stageLabel: 'Status', monitoring: false, createNeedsPlace: false },
  aurora: { name: 'Aurora', color: '#1971c2', stageLabel: 'Project type', monitoring: false, createNeedsPlace: true },
  locus: { name: 'Locus', color: '#7048e8', stageLabel: 'Stage', monitoring: true, createNeedsPlace: false },
}
