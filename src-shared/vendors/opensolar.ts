import type { VendorProfile } from './profile'

export const OPENSOLAR: VendorProfile = {
  vendor: 'opensolar',
  name: 'OpenSolar',
  shortName: 'OpenSolar',
  color: '#e8590c',
  baseUrl: 'https://api.opensolar.com',
  stageLabel: 'Stage',
  monitoring: false,
  createNeedsPlace: false,
  form: {
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
    defaults: {},
  },
}
