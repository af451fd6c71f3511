// npm run sandbox -- --port 4010 [--projects 300] [--sites 40] [--seed N]
import { parseArgs } from 'node:util'
import { DEMO_CREDENTIALS, DEFAULTS, startSandbox } from './sandbox'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    projects: { type: 'string', default: String(DEFAULTS.projects) },
    sites: { type: 'string', default: String(DEFAULTS.sites) },
    seed: { type: 'string', default: String(DEFAULTS.seed) },
  },
})
const number = (name: string, text: string, min: number, max: number) => {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`)
    process.exit(2)
  }
  return n
}

const started = Date.now()
const sandbox = await startSandbox({
  port: number('port', values.port, 0, 65535),
  projects: number('projects', values.projects, 0, 1_000_000),
  sites: number('sites', values.sites, 0, 100_000),
  seed: number('seed', values.seed, 0, 2 ** 31),
})
const c = DEMO_CREDENTIALS
console.log(`Vendor simulators listening on ${sandbox.origin} (127.0.0.1 only; ready in ${Date.now() - started} ms)

  OpenSolar  ${sandbox.baseUrls.opensolar}/api/orgs/${c.opensolar.orgId}/projects/
             Authorization: Bearer ${c.opensolar.token}
  Easy PV    ${sandbox.baseUrls.easypv}/api/v1/projects/list   (POST)
             X-API-KEY: ${c.easypv.apiKey}   userEmail: ${c.easypv.userEmail}
  Aurora     ${sandbox.baseUrls.aurora}/tenants/${c.aurora.tenantId}/projects
             Authorization: Bearer ${c.aurora.token}
  Locus      ${sandbox.baseUrls.locus}/oauth/token   then ${sandbox.baseUrls.locus}/v3/partners/${c.locus.partnerId}/sites
             client_id=${c.locus.clientId} client_secret=${c.locus.clientSecret} username=${c.locus.username} password=${c.locus.password}

  Control    ${sandbox.origin}/__sandbox/health · faults · requests · clock/advance · revoke   (see src-main/demo/simulators/README.md)
`)
const stop = async () => {
  await sandbox.stop()
  process.exit(0)
}
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
