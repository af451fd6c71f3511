/** The vendor simulators' fixed demo credentials (src-main/demo/simulators/README.md): public demo values, never real ones. */
export const DEMO_CREDENTIALS = {
  opensolar: { orgId: 1, token: 'demo-opensolar-token' },
  easypv: { apiKey: 'demo-easypv-key', userEmail: 'tech@example.com' },
  aurora: { tenantId: 'demo-tenant', token: 'demo-aurora-token' },
  locus: {
    clientId: 'demo',
    clientSecret: 'demo-secret',
    username: 'demo@example.com',
    password: 'demo-password',
    partnerId: 1,
  },
} as const
