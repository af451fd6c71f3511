// When a vendor stops taking an account's sign-in, the account learns it in at most three requests
// (Locus: the request, one refresh, the grant; the others: the request alone) and is held — its queue
// waiting, nothing else sent in its name — however many changes, pulls and syncs come after, until the
// technician signs in again.
import { describe, expect, it } from 'vitest'
import type { MethodInput } from '../../../src-shared/contract'
import { auroraProjects, type HostileRoute, useHostileVendors } from '../../helpers/hostile-vendor'
import { documented } from '../../helpers/scripted-vendor'
import { useServices } from '../../helpers/services'

const hostile = useHostileVendors()
const services = useServices()

const project = documented<Record<string, unknown>>('opensolar-project-get')
const easyList = documented<{ projects: Record<string, unknown>[] }>('easypv-project-list-response')

/** All four vendors, taking their sign-ins until `revoked` says otherwise, then refusing every one. */
function vendors(state: { revoked: boolean }): Record<string, HostileRoute> {
  const refuse = { status: 401, body: { detail: 'Invalid token.' } }
  const until =
    (route: HostileRoute): HostileRoute =>
    (request) =>
      state.revoked ? refuse : route(request)
  const openSolar = Array.from({ length: 6 }, (_, i) => ({ ...project, id: i + 1, identifier: `job-${i + 1}` }))
  return {
    'GET /api/orgs/1/projects/': until(({ query }) => ({ body: query.get('page') === '1' ? openSolar : [] })),
    ...Object.fromEntries(openSolar.map((p) => [`GET /api/orgs/1/projects/${p.id}/`, until(() => ({ body: p }))])),
    ...Object.fromEntries(
      openSolar.map((p) => [
        `PATCH /api/orgs/1/projects/${p.id}/`,
        until(({ body }) => (Object.assign(p, JSON.parse(body)), { body: { id: p.id } })),
      ]),
    ),
    'GET /api/orgs/1/private_files/': until(() => ({ body: [] })),
    'GET /api/file_tags/': until(() => ({ body: [] })),
    'GET /tenants/t1/projects': until(({ query }) => ({
      body: { projects: query.get('page') === '1' ? auroraProjects(3, 'au') : [] },
    })),
    'POST /api/v1/projects/list': until(({ body }) => {
      const { start } = JSON.parse(body) as { start: string }
      const here = start <= '2025-09-01' && start > '2024-09-01'
      const projects = [1, 2, 3].map((n) => ({ ...easyList.projects[0], ID: n, projectName: `Easy ${n}` }))
      return { body: { ...easyList, projects: here ? projects : [] } }
    }),
    'POST /oauth/token': (request) =>
      state.revoked
        ? { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid username or password' } }
        : (void request,
          { body: { access_token: 'acc-token-1234', refresh_token: 'ref-token-5678', expires_in: 3600 } }),
    'GET /v3/partners/1/clients': until(() => ({
      body: {
        statusCode: 200,
        clients: [
          { id: 456, partnerId: 1, tz: 'US/Pacific', firstName: 'Ada', lastName: 'Lee', email: 'a@example.com' },
        ],
      },
    })),
    'GET /v3/partners/1/sites': until(() => ({ body: { statusCode: 200, sites: [site] } })),
    'GET /v3/partners/1/components': until(() => ({ body: { statusCode: 200, components: [component] } })),
    'GET /v3/components/54369/dataavailable': until(() => ({ body: documented('locus-component-dataavailable') })),
    'GET /v3/components/54369/data': until(() => ({ body: { statusCode: 200, data: [] } })),
    'GET /v3/partners/1/alerts': until(() => ({ body: { statusCode: 200, alerts: [] } })),
    '*': until(() => ({ status: 404, body: { detail: 'Not found.' } })),
  }
}

const site = {
  statusCode: 200,
  id: 123,
  clientId: 456,
  name: 'Test Site',
  address1: '657 Mission St',
  locale3: 'San Francisco',
  localeCode1: 'CA',
  postalCode: '94105',
  countryCode: 'US',
  locationTimezone: 'America/Los_Angeles',
}
const component = {
  id: 54369,
  siteId: 123,
  clientId: 456,
  parentId: 123,
  parentType: 'SITE',
  nodeId: 'ABC.123',
  name: 'PV Meter',
  nodeType: 'METER',
  application: 'GENERATION',
  generationType: 'SOLAR',
  oem: 'Locus Energy',
  model: 'LGate 120',
  isConceptualNode: false,
}

const PREFIX = { opensolar: '/api/orgs/', aurora: '/tenants/', easypv: '/api/v1/', locus: '/' } as const

describe('a 401 storm', () => {
  it('costs each account at most three requests, holds its queue, and ends when it signs in again', async () => {
    const state = { revoked: false }
    const vendor = await hostile(vendors(state))
    const t = await services({ syncTuning: { http: { minBackoffMs: 1, maxBackoffMs: 2, retries: 2 } } })
    const draft = (vendor: string, settings: object, secrets: object) =>
      ({ vendor, label: vendor, baseUrl: origin, settings, secrets }) as MethodInput<'accounts.save'>['account']
    const origin = vendor.origin
    const accounts = {
      opensolar: await t.call('accounts.save', { account: draft('opensolar', { orgId: 1 }, { token: 'os-token-1' }) }),
      aurora: await t.call('accounts.save', { account: draft('aurora', { tenantId: 't1' }, { token: 'au-token-1' }) }),
      easypv: await t.call('accounts.save', {
        account: draft('easypv', { userEmail: 'tech@example.com' }, { apiKey: 'ep-key-1' }),
      }),
      locus: await t.call('accounts.save', {
        account: draft(
          'locus',
          { partnerId: 1, clientId: 'c1', username: 'u' },
          { clientSecret: 'cs-1', password: 'pw-1' },
        ),
      }),
    }
    await t.call('sync.now', {})
    const { items: all } = await t.call('projects.list', { limit: 50 })
    const items = all.filter((p) => p.vendor !== 'locus')
    expect(items).toHaveLength(12)
    const monitored = all.find((p) => p.vendor === 'locus')!
    const [meter] = (await t.call('monitoring.site', { projectId: monitored.id })).components

    state.revoked = true
    const before = vendor.requests.length
    // Edits on every project that takes them, syncs asked for again and again.
    for (const p of items) await t.call('projects.update', { id: p.id, changes: { title: `${p.title} (checked)` } })
    for (let i = 0; i < 4; i++) {
      await t.call('sync.now', {})
      // The technician opens the site's chart: what the cache lacks would be asked of Locus.
      const chart = await t.call('monitoring.series', {
        projectId: monitored.id,
        componentIds: [meter!.id],
        fields: ['A_avg'],
        period: { view: 'week', at: Date.now() - i * 7 * 86_400_000 },
      })
      if (i > 0) expect(chart.problem).toMatch(/sign/i)
    }
    const after = vendor.requests.slice(before)
    const locusPaths = (path: string) => path.startsWith('/oauth') || path.startsWith('/v3')
    const asked = {
      opensolar: after.filter((r) => r.path.startsWith(PREFIX.opensolar)).length,
      aurora: after.filter((r) => r.path.startsWith(PREFIX.aurora)).length,
      easypv: after.filter((r) => r.path.startsWith(PREFIX.easypv)).length,
      locus: after.filter((r) => locusPaths(r.path)).length,
    }
    // Bearer and key vendors: the refused request alone. Locus: it, one refresh, the password grant.
    expect(asked).toEqual({ opensolar: 1, aurora: 1, easypv: 1, locus: expect.any(Number) })
    expect(asked.locus).toBeGreaterThanOrEqual(1)
    expect(asked.locus).toBeLessThanOrEqual(3)
    const status = await t.call('sync.getStatus', {})
    expect(status.accounts.every((a) => a.needsSignIn)).toBe(true)
    // Held, not failed: every change still waits to go.
    expect(status.accounts.reduce((n, a) => n + a.failed, 0)).toBe(0)
    expect(status.totals.queued).toBe(12)

    state.revoked = false
    await t.call('accounts.signIn', { id: accounts.opensolar.id, secrets: { token: 'os-token-2' } })
    await t.call('sync.now', {})
    const afterSignIn = await t.call('sync.getStatus', {})
    const openSolar = afterSignIn.accounts.find((a) => a.accountId === accounts.opensolar.id)!
    expect(openSolar).toMatchObject({ needsSignIn: false, queued: 0, failed: 0 })
    expect(afterSignIn.accounts.filter((a) => a.needsSignIn)).toHaveLength(3)
  })
})
