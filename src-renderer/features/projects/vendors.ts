import type { Vendor } from '../../../src-shared/contract'

/** How each vendor is named and coloured everywhere (list dots, map pins, badges). */
export const VENDORS: Record<Vendor, { name: string; color: string }> = {
  opensolar: { name: 'OpenSolar', color: '#e8590c' },
  easypv: { name: 'Easy PV', color: '#2b8a3e' },
  aurora: { name: 'Aurora', color: '#1971c2' },
  locus: { name: 'Locus', color: '#7048e8' },
}
