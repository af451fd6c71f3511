import { describe, expect, it } from 'vitest'
import { AuthError, PermissionError } from '../../../src-main/providers/http/errors'
import { LocusClient, type LocusConfig } from '../../../src-main/providers/locus/client'
import type { RefreshTokenStore } from '../../../src-main/providers/locus/oauth'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const c = DEMO_CREDENTIALS.locus

function memoryStore(initial: string | null = null): RefreshTokenStore & { value: string | null } {
  const store = { value: initial, get: () => store.value, set: (v: string | null) => void (store.value = v) }
  return store
}

const clientFor = (s: Sandbox, overrides: Partial<LocusConfig> = {}) =>
  new LocusClient({
    baseUrl: s.baseUrls.locus,
    partnerId: c.partnerId,
    clientId: c.clientId,
    clientSecret: () => c.clientSecret,
    grant: () => ({ type: 'password', username: c.username, password: c.password }),
    refreshTokens: memoryStore(),
    now: () => s.clock.nowMs(),
    http: { minBackoffMs: 5, maxBackoffMs: 20 },
    ...overrides,
  })

const tokenCalls = (s: Sandbox) =>
  s.log.all({ vendor: 'locus', pathIncludes: '/oauth/token' }).map((e) => (e.body as { grant_type: string }).grant_type)
const siteWithHistory = (s: Sandbox) =>
  [...s.state.locus.sites.values()].find((x) => x.startupMs < Date.parse('2024-06-01'))!

describe('Locus client: sign-in', () => {
  it('signs in with the password grant once, keeps the refresh token, and reuses the access token', async () => {
    const s = await sandboxes()
    const refreshTokens = memoryStore()
    const client = clientFor(s, { refreshTokens })
    await client.sites()
    await client.clients()
    expect(tokenCalls(s)).toEqual(['password'])
    expect(refreshTokens.value).toMatch(/^[0-9a-f]{32}$/)
  })

  it('renews with the refresh token before the hour is up', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    await client.sites()
    s.clock.advance(3550 * 1000) // within a minute of expiry
    await client.sites()
    expect(tokenCalls(s)).toEqual(['password', 'refresh_token'])
  })

  it('survives a token expiring in the middle of a long iteration (one renewal on the 401)', async () => {
    const s = await sandboxes()
    const site = siteWithHistory(s)
    let dataCalls = 0
    const client = clientFor(s, {
      fetch: async (url, init) => {
        // Expire the token between the second and third piece of a split request.
        if ((url instanceof Request ? url.url : url.toString()).includes('/data?') && ++dataCalls === 3)
          s.clock.advance(3700 * 1000)
        return fetch(url, init)
      },
      // The client's clock lags the server's by the jump, so it cannot renew early: only the server's
      // 401 can trigger the renewal, which is the path under test.
      renewBeforeMs: 0,
      now: () => s.clock.nowMs() - 3700 * 1000 * (dataCalls >= 3 ? 1 : 0),
    })
    const rows = await client.data(
      { site: site.id },
      { fields: ['Wh_sum'], start: '2025-01-01T00:00:00', end: '2025-04-01T00:00:00', tz: 'UTC', gran: 'hourly' },
    )
    expect(rows).toHaveLength(90 * 24)
    expect(tokenCalls(s)).toEqual(['password', 'refresh_token'])
    expect(s.log.all({ vendor: 'locus' }).filter((e) => e.status === 401)).toHaveLength(1)
  })

  it('falls back to the password grant when the refresh token is refused', async () => {
    const s = await sandboxes()
    const client = clientFor(s, { refreshTokens: memoryStore('revoked-long-ago') })
    await client.sites()
    expect(tokenCalls(s)).toEqual(['refresh_token', 'password'])
  })

  it('uses client credentials when configured', async () => {
    const s = await sandboxes()
    await clientFor(s, { grant: () => ({ type: 'client_credentials' }) }).sites()
    expect(tokenCalls(s)).toEqual(['client_credentials'])
  })

  it.each([
    ['a wrong password', { grant: () => ({ type: 'password' as const, username: c.username, password: 'nope' }) }],
    ['a wrong client secret', { clientSecret: () => 'nope' }],
  ])('reports %s as AuthError (sign in again)', async (_name, overrides) => {
    const s = await sandboxes()
    await expect(clientFor(s, overrides).sites()).rejects.toBeInstanceOf(AuthError)
  })
})

describe('Locus client: tree', () => {
  it('reads partners, clients, sites, components, install info and model settings', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const clients = await client.clients()
    expect(clients.length).toBeGreaterThan(0)
    const sites = await client.sites()
    expect(sites).toHaveLength(s.state.locus.sites.size)
    const site = sites[0]!
    expect(await client.site(site.id)).toMatchObject({
      id: site.id,
      locationTimezone: expect.stringMatching(/^America\//),
    })
    expect((await client.sites(site.clientId)).map((x) => x.id)).toContain(site.id)
    const components = await client.components({ site: site.id })
    expect(components.map((x) => x.nodeType)).toEqual(expect.arrayContaining(['METER', 'INVERTER', 'WEATHERSTATION']))
    expect((await client.components({ client: site.clientId })).length).toBeGreaterThanOrEqual(components.length)
    const meter = components.find((x) => x.nodeType === 'METER')!
    expect((await client.components({ partner: true, nodeId: meter.nodeId })).map((x) => x.id)).toEqual([meter.id])
    expect(await client.component(meter.id)).toMatchObject({ name: 'PV Meter' })
    expect(await client.installInfo(site.id)).toMatchObject({
      installer: expect.any(String),
      startupDate: expect.any(String),
    })
    expect((await client.modelSettings(site.id)).size).toBeGreaterThan(0)
    expect((await client.dataAvailable({ component: meter.id })).map((f) => f.baseField)).toEqual(['W', 'Wh'])
    expect((await client.dataAvailable({ site: site.id }))[0]!.granularities).not.toContain('latest')
    expect(
      (await client.dataAvailable({ partnerSites: true })).every((f) => f.granularities.join() === 'monthly'),
    ).toBe(true)
    const inverter = components.find((x) => x.nodeType === 'INVERTER')!
    const componentAlerts = await client.alerts({ component: inverter.id }, { tz: 'UTC', status: 'closed' })
    expect(componentAlerts.every((a) => a.componentId === inverter.id && a.end)).toBe(true)
  })

  it('lists monitored sites as read-only projects', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const projects = []
    for await (const p of client.listProjects()) projects.push(p)
    expect(projects).toHaveLength(s.state.locus.sites.size)
    expect(projects[0]).toMatchObject({
      remoteId: expect.any(String),
      lat: expect.any(Number),
      customerName: expect.any(String),
    })
    await expect(client.updateProject()).rejects.toBeInstanceOf(PermissionError)
    expect(client.capabilities).toMatchObject({ monitoring: true, create: false, files: false })
  })
})

describe('Locus client: data', () => {
  it('asks for one year of 5-minute data in exactly 12 requests, merged without gaps or repeats', async () => {
    const s = await sandboxes()
    const site = siteWithHistory(s)
    const meter = [...s.state.locus.components.values()].find((x) => x.siteId === site.id && x.nodeType === 'METER')!
    const rows = await clientFor(s).data(
      { component: meter.id },
      { fields: ['Wh_sum'], start: '2025-01-01T00:00:00', end: '2026-01-01T00:00:00', tz: 'UTC', gran: '5min' },
    )
    expect(s.log.all({ vendor: 'locus', pathIncludes: '/data?' })).toHaveLength(12)
    expect(rows).toHaveLength(365 * 288)
    expect(new Set(rows.map((r) => r.ts)).size).toBe(rows.length)
    expect(rows[0]!.ts).toBe('2025-01-01T00:00:00+00:00')
    expect(rows.at(-1)!.ts).toBe('2025-12-31T23:55:00+00:00')
  })

  it('never has two requests in flight, whatever the callers do at once', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const site = siteWithHistory(s)
    await Promise.all([
      client.sites(),
      client.clients(),
      client.components({ site: site.id }),
      client.data(
        { site: site.id },
        { fields: ['W_avg'], start: '2025-01-01T00:00:00', end: '2025-03-01T00:00:00', tz: 'UTC', gran: 'hourly' },
      ),
      client.alerts({ site: site.id }, { tz: 'UTC' }),
    ])
    expect(s.log.all({ vendor: 'locus' }).length).toBeGreaterThan(6)
    expect(s.log.maxConcurrent('locus')).toBe(1)
    expect(s.log.all({ vendor: 'locus' }).some((e) => e.status === 429)).toBe(false)
  })

  it('retries after a 429 from Locus', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'locus', path: '/v3/', status: 429, times: 2 })
    expect((await clientFor(s).sites()).length).toBeGreaterThan(0)
  })

  it('reads the latest value and monthly bulk data for every site, a year per call', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const meter = [...s.state.locus.components.values()].find((x) => x.nodeType === 'METER')!
    expect(await client.latest(meter.id, ['W_avg'], 'UTC')).toMatchObject({ ts: expect.any(String) })
    s.log.clear()
    const bulk = await client.bulkSiteData({
      fields: ['Wh_sum'],
      start: '2023-01-01T00:00:00',
      end: '2026-01-01T00:00:00',
      tz: 'UTC',
    })
    expect(s.log.all({ vendor: 'locus', pathIncludes: '/sites/data' })).toHaveLength(3)
    expect(new Set(bulk.map((r) => r.id)).size).toBeGreaterThan(0)
  })
})

describe('Locus client: alerts', () => {
  it('asks for a long partner openDuring window in 31-day pieces and de-duplicates', async () => {
    const s = await sandboxes({ sites: 8 })
    const client = clientFor(s)
    const now = new Date(s.clock.nowMs())
    const iso = (d: Date) => d.toISOString().slice(0, 19)
    const alerts = await client.alerts(
      { partner: true },
      { tz: 'UTC', openDuringMin: iso(new Date(now.getTime() - 90 * 86_400_000)), openDuringMax: iso(now) },
    )
    expect(s.log.all({ vendor: 'locus', pathIncludes: '/alerts' })).toHaveLength(3)
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length)
    const recent = await client.alerts(
      { partner: true },
      { tz: 'UTC', updatedSince: iso(new Date(now.getTime() - 6 * 86_400_000)) },
    )
    expect(Array.isArray(recent)).toBe(true)
  })
})
