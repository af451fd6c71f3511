import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { call, DEMO_CREDENTIALS, locusToken, useSandboxes } from '../../helpers/sandbox'
import { faultsOn } from '../../../src-main/demo/simulators/locus/model'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const c = DEMO_CREDENTIALS.locus

async function session(options = {}) {
  const s = await sandboxes(options)
  const { access_token } = await locusToken(s)
  const get = (path: string) =>
    call(`${s.baseUrls.locus}/v3${path}`, { headers: { Authorization: `Bearer ${access_token}` } })
  const site = [...s.state.locus.sites.values()][0]!
  const components = [...s.state.locus.components.values()].filter((x) => x.siteId === site.id)
  const meter = components.find((x) => x.nodeType === 'METER')!
  return { s, get, token: access_token, site, meter, inverter: components.find((x) => x.nodeType === 'INVERTER')! }
}
const data = (id: number, q: Record<string, string>, kind = 'components') =>
  `/${kind}/${id}/data?${new URLSearchParams(q).toString()}`
const tokenCall = (s: Sandbox, form: Record<string, string>) =>
  call(`${s.baseUrls.locus}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })

describe('Locus OAuth2', () => {
  it('issues a 3600 s bearer token and a refresh token for the password grant', async () => {
    const s = await sandboxes()
    const res = await tokenCall(s, {
      grant_type: 'password',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      username: c.username,
      password: c.password,
    })
    expect(res).toMatchObject({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
        issued_at: expect.any(Number),
        token_type: 'bearer',
        refresh_token: expect.any(String),
        expires_in: 3600,
      },
    })
  })

  it('refreshes without a new refresh token, and grants client credentials', async () => {
    const s = await sandboxes()
    const { refresh_token } = await locusToken(s)
    const refreshed = await tokenCall(s, {
      grant_type: 'refresh_token',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      refresh_token: refresh_token!,
    })
    expect(refreshed.body).toMatchObject({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600 })
    expect(refreshed.body).not.toHaveProperty('refresh_token')
    const cc = await tokenCall(s, {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    })
    expect(cc.body).toMatchObject({ access_token: expect.any(String), expires_in: 3600 })
    expect(cc.body).not.toHaveProperty('refresh_token')
  })

  it.each([
    [
      'a wrong client secret',
      { grant_type: 'password', client_id: c.clientId, client_secret: 'x', username: c.username, password: c.password },
      401,
      'invalid_client',
    ],
    [
      'a wrong password',
      {
        grant_type: 'password',
        client_id: c.clientId,
        client_secret: c.clientSecret,
        username: c.username,
        password: 'x',
      },
      400,
      'invalid_grant',
    ],
    [
      'an unknown refresh token',
      { grant_type: 'refresh_token', client_id: c.clientId, client_secret: c.clientSecret, refresh_token: 'x' },
      400,
      'invalid_grant',
    ],
    [
      'an unsupported grant',
      { grant_type: 'implicit', client_id: c.clientId, client_secret: c.clientSecret },
      400,
      'unsupported_grant_type',
    ],
    ['no grant', {}, 400, 'invalid_request'],
  ])('refuses %s', async (_name, form, status, error) => {
    const s = await sandboxes()
    expect(await tokenCall(s, form)).toMatchObject({ status, body: { error } })
  })

  it('expires access tokens after an hour; refresh still works', async () => {
    const { s, get } = await session()
    expect((await get('/partners/1/sites')).status).toBe(200)
    s.clock.advance(3601 * 1000)
    expect(await get('/partners/1/sites')).toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'Access token expired' },
    })
  })

  it('refuses API calls without a valid token, or after revocation', async () => {
    const { s, get } = await session()
    expect((await call(`${s.baseUrls.locus}/v3/partners/1/sites`)).status).toBe(401)
    s.revoke('locus')
    expect((await get('/partners/1/sites')).status).toBe(401)
  })
})

describe('Locus partners, clients, sites and components', () => {
  it('walks the tree, each list wrapped with statusCode 200', async () => {
    const { get, site, meter } = await session()
    const clients = await get('/partners/1/clients')
    expect(clients.body).toMatchObject({ statusCode: 200, clients: expect.any(Array) })
    expect(clients.body.clients[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        partnerId: 1,
        tz: expect.any(String),
        firstName: expect.any(String),
        lastName: expect.any(String),
        email: expect.any(String),
      }),
    )
    expect((await get(`/clients/${site.clientId}`)).body).toMatchObject({ statusCode: 200, id: site.clientId })
    expect((await get(`/clients/${site.clientId}/sites`)).body.sites.map((x: { id: number }) => x.id)).toContain(
      site.id,
    )
    const sites = (await get('/partners/1/sites')).body.sites
    expect(sites[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        clientId: expect.any(Number),
        name: expect.any(String),
        address1: expect.any(String),
        locale3: expect.any(String),
        locale1: expect.any(String),
        localeCode1: expect.any(String),
        postalCode: expect.any(String),
        countryCode: 'US',
        locationTimezone: expect.stringMatching(/^America\//),
      }),
    )
    expect((await get(`/sites/${site.id}`)).body).toMatchObject({
      statusCode: 200,
      id: site.id,
      latitude: site.latitude,
    })
    const components = (await get(`/sites/${site.id}/components`)).body.components
    expect(components.map((x: { nodeType: string }) => x.nodeType)).toEqual(
      expect.arrayContaining(['METER', 'INVERTER', 'WEATHERSTATION']),
    )
    const inverter = components.find((x: { nodeType: string }) => x.nodeType === 'INVERTER')
    expect(inverter).toMatchObject({
      parentType: 'COMPONENT',
      parentId: meter.id,
      application: 'GENERATION',
      generationType: 'SOLAR',
      isConceptualNode: false,
    })
    expect((await get(`/clients/${site.clientId}/components`)).body.components.length).toBeGreaterThanOrEqual(
      components.length,
    )
    expect((await get(`/components/${meter.id}`)).body).toMatchObject({
      statusCode: 200,
      id: meter.id,
      nodeId: meter.nodeId,
      name: 'PV Meter',
    })
  })

  it('finds components by nodeId, with % as a wildcard', async () => {
    const { get, meter } = await session()
    expect(
      (await get(`/partners/1/components?nodeId=${encodeURIComponent(meter.nodeId)}`)).body.components.map(
        (x: { id: number }) => x.id,
      ),
    ).toEqual([meter.id])
    const prefix = meter.nodeId.slice(0, 6)
    const wild = (await get(`/partners/1/components?nodeId=${encodeURIComponent(prefix)}%25`)).body.components
    expect(wild.every((x: { nodeId: string }) => x.nodeId.startsWith(prefix))).toBe(true)
    expect(wild.length).toBeGreaterThanOrEqual(1)
  })

  it('gives install info and model settings', async () => {
    const { get, site } = await session()
    expect((await get(`/sites/${site.id}/installinfo`)).body).toMatchObject({
      statusCode: 200,
      installer: expect.any(String),
      installDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      startupDate: expect.any(String),
    })
    expect((await get(`/sites/${site.id}/modelsettings`)).body).toMatchObject({
      statusCode: 200,
      size: site.sizeKw,
      mismatch: 98,
      soiling: 95,
    })
  })

  it('answers 403 for another partner and 404 for unknown entities', async () => {
    const { get } = await session()
    expect(await get('/partners/2/sites')).toMatchObject({ status: 403, body: { statusCode: 403 } })
    expect((await get('/sites/1')).status).toBe(404)
    expect((await get('/components/1')).status).toBe(404)
  })
})

describe('Locus data available', () => {
  it('lists base fields with aggregations and granularities, per entity', async () => {
    const { get, meter, site } = await session()
    const component = (await get(`/components/${meter.id}/dataavailable`)).body.baseFields
    const energy = component.find((f: { baseField: string }) => f.baseField === 'Wh')
    expect(energy).toEqual({
      baseField: 'Wh',
      longName: 'AC Energy',
      source: 'Measured',
      unit: 'Wh',
      aggregations: [{ shortName: 'Wh_sum', aggregation: 'sum' }],
      granularities: ['latest', '1min', '5min', '15min', 'hourly', 'daily', 'monthly', 'yearly'],
    })
    const siteFields = (await get(`/sites/${site.id}/dataavailable`)).body.baseFields
    expect(siteFields[0].granularities).not.toContain('latest')
    const bulk = (await get('/partners/1/sites/dataavailable')).body.baseFields
    expect(bulk.every((f: { granularities: string[] }) => f.granularities.join() === 'monthly')).toBe(true)
  })
})

describe('Locus data', () => {
  const q = (start: string, end: string, gran: string, fields = 'Wh_sum', tz = 'UTC') => ({
    fields,
    start,
    end,
    tz,
    gran,
  })

  it.each([
    ['1min', '2026-06-01T00:00:00', '2026-06-05T23:59:00', '2026-06-06T00:00:00'],
    ['5min', '2026-06-01T00:00:00', '2026-07-01T23:00:00', '2026-07-02T00:00:00'],
    ['15min', '2026-06-01T00:00:00', '2026-07-01T23:00:00', '2026-07-02T00:00:00'],
    ['hourly', '2026-06-01T00:00:00', '2026-07-01T23:00:00', '2026-07-02T00:00:00'],
    ['daily', '2025-06-01T00:00:00', '2026-05-31T00:00:00', '2026-06-01T00:00:00'],
  ])('%s: allows a range just under its limit and refuses one at it', async (gran, start, okEnd, tooFarEnd) => {
    const { get, meter } = await session()
    expect((await get(data(meter.id, q(start, okEnd, gran)))).status).toBe(200)
    const refused = await get(data(meter.id, q(start, tooFarEnd, gran)))
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ statusCode: 400, message: expect.stringContaining(gran) })
  })

  it.each(['monthly', 'yearly'])('%s has no range limit', async (gran) => {
    const { get, meter } = await session()
    expect((await get(data(meter.id, q('2000-01-01T00:00:00', '2030-01-01T00:00:00', gran)))).status).toBe(200)
  })

  it.each([
    ['no fields', { start: '2026-06-01T00:00:00', end: '2026-06-02T00:00:00', tz: 'UTC', gran: 'hourly' }],
    ['an unknown field', q('2026-06-01T00:00:00', '2026-06-02T00:00:00', 'hourly', 'GHI_avg')],
    ['no tz', { fields: 'Wh_sum', start: '2026-06-01T00:00:00', end: '2026-06-02T00:00:00', gran: 'hourly' }],
    ['an unknown tz', q('2026-06-01T00:00:00', '2026-06-02T00:00:00', 'hourly', 'Wh_sum', 'Mars/Olympus')],
    ['an unknown gran', q('2026-06-01T00:00:00', '2026-06-02T00:00:00', 'weekly')],
    ['a malformed start', q('2026-06-01', '2026-06-02T00:00:00', 'hourly')],
    ['end before start', q('2026-06-02T00:00:00', '2026-06-01T00:00:00', 'hourly')],
  ])('refuses %s', async (_name, query) => {
    const { get, meter } = await session()
    expect(await get(data(meter.id, query as Record<string, string>))).toMatchObject({
      status: 400,
      body: { statusCode: 400 },
    })
  })

  it('stamps each interval at its start, in the requested tz, within [start, end)', async () => {
    const { get, meter } = await session()
    const res = await get(
      data(meter.id, q('2026-06-01T12:00:00', '2026-06-01T13:01:00', 'hourly', 'W_avg,Wh_sum', 'US/Pacific')),
    )
    expect(res.body.data.map((r: { ts: string }) => r.ts)).toEqual([
      '2026-06-01T12:00:00-07:00',
      '2026-06-01T13:00:00-07:00',
    ])
    expect(res.body.data[0]).toEqual({
      id: meter.id,
      ts: '2026-06-01T12:00:00-07:00',
      W_avg: expect.any(Number),
      Wh_sum: expect.any(Number),
    })
    // The doc's monthly example: start mid-month returns only months starting inside the range.
    const months = await get(data(meter.id, q('2025-03-15T00:00:00', '2025-05-02T00:00:00', 'monthly')))
    expect(months.body.data.map((r: { ts: string }) => r.ts)).toEqual([
      '2025-04-01T00:00:00+00:00',
      '2025-05-01T00:00:00+00:00',
    ])
  })

  it('follows the local calendar across a DST change', async () => {
    const { get, meter } = await session()
    const res = await get(
      data(meter.id, q('2025-11-01T00:00:00', '2025-11-04T00:00:00', 'daily', 'Wh_sum', 'America/Los_Angeles')),
    )
    expect(res.body.data.map((r: { ts: string }) => r.ts)).toEqual([
      '2025-11-01T00:00:00-07:00',
      '2025-11-02T00:00:00-07:00',
      '2025-11-03T00:00:00-08:00',
    ])
  })

  it('is consistent across granularities: daily = Σ hourly = Σ 5-minute, monthly = Σ daily', async () => {
    const { get, meter, site } = await session()
    const tz = site.locationTimezone
    const sum = (rows: { Wh_sum?: number }[]) => rows.reduce((n, r) => n + (r.Wh_sum ?? 0), 0)
    const day = (await get(data(meter.id, q('2026-06-10T00:00:00', '2026-06-11T00:00:00', 'daily', 'Wh_sum', tz)))).body
      .data
    const hours = (await get(data(meter.id, q('2026-06-10T00:00:00', '2026-06-11T00:00:00', 'hourly', 'Wh_sum', tz))))
      .body.data
    const fives = (await get(data(meter.id, q('2026-06-10T00:00:00', '2026-06-11T00:00:00', '5min', 'Wh_sum', tz))))
      .body.data
    expect(day).toHaveLength(1)
    expect(hours).toHaveLength(24)
    expect(fives).toHaveLength(288)
    expect(sum(hours)).toBeCloseTo(day[0].Wh_sum, 1)
    expect(sum(fives)).toBeCloseTo(day[0].Wh_sum, 1)
    const month = (await get(data(meter.id, q('2026-04-01T00:00:00', '2026-05-01T00:00:00', 'monthly', 'Wh_sum', tz))))
      .body.data
    const days = (await get(data(meter.id, q('2026-04-01T00:00:00', '2026-05-01T00:00:00', 'daily', 'Wh_sum', tz))))
      .body.data
    expect(days).toHaveLength(30)
    expect(sum(days)).toBeCloseTo(month[0].Wh_sum, 0)
  })

  it('looks like solar: zero at night, most at midday, scaled by system size', async () => {
    const { get, meter, site } = await session()
    const hours = (
      await get(
        data(meter.id, q('2026-06-10T00:00:00', '2026-06-11T00:00:00', 'hourly', 'W_avg,W_max', site.locationTimezone)),
      )
    ).body.data
    const at = (h: number) => hours[h].W_avg as number
    expect(at(1)).toBe(0)
    expect(at(23)).toBe(0)
    expect(at(12)).toBeGreaterThan(at(8))
    expect(Math.max(...hours.map((r: { W_max: number }) => r.W_max))).toBeLessThanOrEqual(site.sizeKw * 1000)
    expect(Math.max(...hours.map((r: { W_avg: number }) => r.W_avg))).toBeGreaterThan(site.sizeKw * 1000 * 0.1)
  })

  it('leaves out intervals with no data: before startup and in the future', async () => {
    const { get, meter, site } = await session()
    const before = new Date(site.startupMs - 40 * 86_400_000).toISOString().slice(0, 10)
    const rows = (
      await get(
        data(
          meter.id,
          q(`${before}T00:00:00`, new Date(site.startupMs + 5 * 86_400_000).toISOString().slice(0, 19), 'daily'),
        ),
      )
    ).body.data
    expect(rows.length).toBeLessThanOrEqual(6)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    const future = (await get(data(meter.id, q('2099-01-01T00:00:00', '2099-01-05T00:00:00', 'daily')))).body.data
    expect(future).toEqual([])
  })

  it('answers latest with one data point of now', async () => {
    const { get, meter } = await session()
    const res = await get(`/components/${meter.id}/data?fields=W_avg&tz=UTC&gran=latest`)
    expect(res.body.data).toHaveLength(1)
    expect(Date.now() - Date.parse(res.body.data[0].ts)).toBeLessThan(15 * 60_000)
  })

  it('serves site data and monthly bulk data for all sites, at most a year', async () => {
    const { get, site, s } = await session()
    const siteRows = (await get(data(site.id, q('2026-06-10T00:00:00', '2026-06-11T00:00:00', 'hourly'), 'sites'))).body
      .data
    expect(siteRows).toHaveLength(24)
    expect(siteRows[0].id).toBe(site.id)
    const bulk = await get(
      `/partners/1/sites/data?${new URLSearchParams(q('2025-01-01T00:00:00', '2026-01-01T00:00:00', 'monthly', 'Wh_sum', 'US/Pacific')).toString()}`,
    )
    expect(bulk.status).toBe(200)
    expect(new Set(bulk.body.data.map((r: { id: number }) => r.id)).size).toBe(s.state.locus.sites.size)
    expect(
      (
        await get(
          `/partners/1/sites/data?${new URLSearchParams(q('2024-01-01T00:00:00', '2026-01-01T00:00:00', 'monthly')).toString()}`,
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await get(
          `/partners/1/sites/data?${new URLSearchParams(q('2025-01-01T00:00:00', '2025-01-02T00:00:00', 'daily')).toString()}`,
        )
      ).status,
    ).toBe(400)
  })
})

describe('Locus alerts', () => {
  /** An inverter-day with a fault after startup, from the model itself. */
  function findFault(s: Sandbox) {
    for (const inverter of [...s.state.locus.components.values()].filter((x) => x.nodeType === 'INVERTER')) {
      const site = s.state.locus.sites.get(inverter.siteId)!
      for (
        let day = Math.floor(site.startupMs / 86_400_000) + 1;
        day < Math.floor(Date.now() / 86_400_000) - 1;
        day++
      ) {
        const window = faultsOn(inverter, site, day)
        if (window) return { inverter, site, window }
      }
    }
    throw new Error('no fault in the generated data')
  }

  it('raises an alert for each fault, and the data shows it', async () => {
    const { s, get } = await session({ sites: 6 })
    const { inverter, window } = findFault(s)
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19)
    const alerts = (await get(`/components/${inverter.id}/alerts?tz=UTC`)).body.alerts
    const alert = alerts.find((a: { start: string }) => a.start === `${iso(window.startMs)}+00:00`)
    expect(alert).toMatchObject({
      componentId: inverter.id,
      componentName: inverter.name,
      siteId: inverter.siteId,
      alertType: window.kind,
      end: `${iso(window.endMs)}+00:00`,
      priority: expect.stringMatching(/^(High|Medium|Low)$/),
    })
    const during = (
      await get(
        data(inverter.id, {
          fields: 'W_avg',
          start: iso(window.startMs),
          end: iso(window.endMs),
          tz: 'UTC',
          gran: '5min',
        }),
      )
    ).body.data
    if (window.kind === 'System Disconnect') expect(during).toEqual([])
    else expect(during.every((r: { W_avg: number }) => r.W_avg === 0)).toBe(true)
  })

  it('needs updatedSince or an openDuring pair at partner level, within their limits', async () => {
    const { get } = await session()
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19)
    expect((await get('/partners/1/alerts?tz=UTC')).status).toBe(400)
    expect((await get(`/partners/1/alerts?tz=UTC&updatedSince=${ago(6)}`)).status).toBe(200)
    expect((await get(`/partners/1/alerts?tz=UTC&updatedSince=${ago(8)}`)).body.message).toContain('7 days')
    expect((await get(`/partners/1/alerts?tz=UTC&openDuringMin=${ago(30)}&openDuringMax=${ago(0)}`)).status).toBe(200)
    expect(
      (await get(`/partners/1/alerts?tz=UTC&openDuringMin=${ago(40)}&openDuringMax=${ago(0)}`)).body.message,
    ).toContain('31 days')
    expect((await get(`/partners/1/alerts?tz=UTC&openDuringMin=${ago(3)}`)).status).toBe(400)
    expect((await get('/sites/1/alerts')).status).toBe(404)
  })

  it('filters by openDuring, type, status and priority', async () => {
    const { s, get } = await session({ sites: 6 })
    const { site, window } = findFault(s)
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19)
    const all = (await get(`/sites/${site.id}/alerts?tz=UTC`)).body.alerts
    const during = (
      await get(
        `/sites/${site.id}/alerts?tz=UTC&openDuringMin=${iso(window.startMs + 60_000)}&openDuringMax=${iso(window.startMs + 120_000)}`,
      )
    ).body.alerts
    expect(during.length).toBeGreaterThanOrEqual(1)
    expect(during.length).toBeLessThan(all.length + 1)
    const typed = (await get(`/sites/${site.id}/alerts?tz=UTC&alertType=${encodeURIComponent(window.kind)}`)).body
      .alerts
    expect(typed.every((a: { alertType: string }) => a.alertType === window.kind)).toBe(true)
    expect(
      (await get(`/sites/${site.id}/alerts?tz=UTC&status=closed`)).body.alerts.every((a: { end?: string }) => a.end),
    ).toBe(true)
    const high = (await get(`/sites/${site.id}/alerts?tz=UTC&priority=high`)).body.alerts
    expect(high.every((a: { priority: string }) => a.priority === 'High')).toBe(true)
  })
})

describe('Locus limits and transport', () => {
  it('allows one request in flight per client: a second gets 429 in the documented shape', async () => {
    const { s, get, meter } = await session()
    s.faults.add({ vendor: 'locus', path: '/sites$', latencyMs: 300, times: 1 })
    const [slow, second] = await Promise.all([
      get('/partners/1/sites'),
      new Promise((r) => setTimeout(r, 50)).then(() => get(`/components/${meter.id}`)),
    ])
    expect(slow.status).toBe(200)
    expect(second).toMatchObject({ status: 429, body: { message: 'Too many requests', statusCode: 429 } })
    expect((await get(`/components/${meter.id}`)).status).toBe(200)
  })

  it('compresses responses when asked', async () => {
    const { s, token, site } = await session()
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve) => {
      http.get(
        `${s.baseUrls.locus}/v3/sites/${site.id}/alerts?tz=UTC`,
        { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (d: Buffer) => chunks.push(d))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
        },
      )
    })
    expect(raw.encoding).toBe('gzip')
    expect(JSON.parse(gunzipSync(raw.body).toString())).toMatchObject({ statusCode: 200, alerts: expect.any(Array) })
  })
})
