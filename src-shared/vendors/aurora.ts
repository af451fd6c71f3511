import type { VendorProfile } from './profile'

export const AURORA: VendorProfile = {
  vendor: 'aurora',
  name: 'Aurora',
  shortName: 'Aurora',
  color: '#1971c2',
  baseUrl: 'https://api.aurorasolar.com',
  stageLabel: 'Project type',
  monitoring: false,
  // A design is made on a site: Aurora takes no project without an address or a position.
  createNeedsPlace: true,
  form: {
    settings: [
      { key: 'tenantId', label: 'Tenant id', kind: 'text' },
      {
        key: 'version',
        label: 'API version',
        kind: 'select',
        options: [
          { value: '2024.05', label: '2024.05' },
          { value: '2022.09', label: '2022.09' },
        ],
        hint: 'The version your API key is on (Aurora: Settings → API tokens)',
      },
      { key: 'sendVersionHeader', label: 'Sandbox: send the API version with each request', kind: 'checkbox' },
    ],
    secrets: [{ key: 'token', label: 'API token' }],
    help: 'Aurora: Settings → API tokens.',
    defaults: { version: '2024.05', sendVersionHeader: false },
  },
}
