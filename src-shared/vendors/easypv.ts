import type { VendorProfile } from './profile'

export const EASYPV: VendorProfile = {
  vendor: 'easypv',
  name: 'Easy PV',
  shortName: 'Easy PV',
  color: '#2b8a3e',
  baseUrl: 'https://heatpunk.co.uk',
  stageLabel: 'Status',
  monitoring: false,
  createNeedsPlace: false,
  form: {
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
    defaults: {},
  },
}
