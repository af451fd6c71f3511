import type { VendorProfile } from './profile'

export const LOCUS: VendorProfile = {
  vendor: 'locus',
  name: 'Locus Energy',
  shortName: 'Locus',
  color: '#7048e8',
  baseUrl: 'https://api.locusenergy.com',
  stageLabel: 'Stage',
  monitoring: true,
  createNeedsPlace: false,
  form: {
    settings: [
      { key: 'partnerId', label: 'Partner id', kind: 'number' },
      { key: 'clientId', label: 'Client id', kind: 'text' },
      {
        key: 'grant',
        label: 'Sign in with',
        kind: 'select',
        options: [
          { value: 'password', label: 'A user name and password' },
          { value: 'client_credentials', label: 'The client credentials only' },
        ],
      },
      { key: 'username', label: 'User name', kind: 'text', when: { key: 'grant', value: 'password' } },
    ],
    secrets: [
      { key: 'clientSecret', label: 'Client secret' },
      { key: 'password', label: 'Password', when: { key: 'grant', value: 'password' } },
    ],
    help: 'Locus Energy (SolarNOC): the OAuth client Locus issued to your company.',
    defaults: { grant: 'password' },
  },
}
