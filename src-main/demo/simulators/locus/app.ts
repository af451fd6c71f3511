// Locus Energy v3 (locus-energy-v3.txt) under /locus/v3/… and /locus/oauth/token.
import type { SandboxClock } from '../core/clock'
import { HttpError, json, type Reply, type RequestContext, Routes } from '../core/http'
import type { VendorApp } from '../core/vendor-app'
import { DEMO_CREDENTIALS } from '../credentials'
import { faultsOn, type FaultWindow, SLOT_MS } from './model'
import type { LocusClient, LocusComponent, LocusSite, LocusState } from './state'
import { addLocal, formatLocal, fromLocal, isTimeZone, type LocalTime, parseLocal, toLocal } from './time-zones'

const DAY_MS = 86_400_000
const fail = (status: number, message: string, headers?: Record<string, string>) =>
  new HttpError(status, { statusCode: status, message }, headers)
const oauthError = (status: number, error: string, description: string) =>
  new HttpError(status, { error, error_description: description })
const ok = (body: Record<string, unknown>): Reply => json(200, { statusCode: 200, ...body })

type Gran = 'latest' | '1min' | '5min' | '15min' | 'hourly' | 'daily' | 'monthly' | 'yearly'
const ALL_GRANS: Gran[] = ['latest', '1min', '5min', '15min', 'hourly', 'daily', 'monthly', 'yearly']
const SITE_GRANS: Gran[] = ['1min', '5min', '15min', 'hourly', 'daily', 'monthly', 'yearly']

interface BaseField {
  baseField: string
  longName: string
  source: 'Measured' | 'Modeled' | 'Expected'
  unit: string
  /** Measured fields: the short names a data call asks for. */
  aggregations?: ('avg' | 'max' | 'min' | 'sum')[]
  /**
   * Modelled fields, as the doc's component example shows them: parameters and no aggregations (so no
   * short name a data call could ask for). Its keys, present or absent, follow that example.
   */
  fieldParameters?: { param: string; values: string[] }[]
  granularities?: Gran[]
}

const MODEL_PARAMETERS = [
  { param: 'modelType', values: ['simple'] },
  { param: 'irradianceSource', values: ['weatherStation'] },
  { param: 'inverterClipping', values: ['true', 'false'] },
]
const MODELED_POWER: BaseField = {
  baseField: 'W_m',
  longName: 'AC Power',
  source: 'Modeled',
  unit: 'W',
  fieldParameters: MODEL_PARAMETERS,
  granularities: ['1min', '5min', '15min', 'hourly', 'daily', 'monthly', 'yearly'],
}

const POWER: BaseField = {
  baseField: 'W',
  longName: 'AC Power',
  source: 'Measured',
  unit: 'W',
  aggregations: ['avg', 'max', 'min'],
}
const ENERGY: BaseField = {
  baseField: 'Wh',
  longName: 'AC Energy',
  source: 'Measured',
  unit: 'Wh',
  aggregations: ['sum'],
}
const FIELDS_BY_NODE: Record<LocusComponent['nodeType'], BaseField[]> = {
  METER: [POWER, ENERGY],
  INVERTER: [POWER, MODELED_POWER, ENERGY],
  NETMETER: [POWER, ENERGY],
  WEATHERSTATION: [
    {
      baseField: 'GHI',
      longName: 'Irradiance Global Horizontal',
      source: 'Measured',
      unit: 'W/m²',
      aggregations: ['avg', 'max'],
    },
    {
      baseField: 'TmpAmb',
      longName: 'Ambient Temperature',
      source: 'Measured',
      unit: '°C',
      aggregations: ['avg', 'min', 'max'],
    },
  ],
}
const BULK_FIELDS: BaseField[] = [
  ENERGY,
  { baseField: 'Whp', longName: 'AC Energy (prorated)', source: 'Measured', unit: 'Wh', aggregations: ['sum'] },
]

/** Longest range per granularity, exclusive (locus-energy-v3.txt, Data: "time period allowed"). */
const RANGE_LIMIT: Partial<Record<Gran, [unit: 'day' | 'year', n: number, text: string]>> = {
  '1min': ['day', 5, '5 days'],
  '5min': ['day', 31, '31 days'],
  '15min': ['day', 31, '31 days'],
  hourly: ['day', 31, '31 days'],
  daily: ['year', 1, '1 year'],
}

const describeFields = (fields: BaseField[], grans: Gran[]) =>
  fields.map((f) => ({
    baseField: f.baseField,
    longName: f.longName,
    source: f.source,
    unit: f.unit,
    ...(f.aggregations && {
      aggregations: f.aggregations.map((aggregation) => ({ shortName: `${f.baseField}_${aggregation}`, aggregation })),
    }),
    ...(f.fieldParameters && { fieldParameters: f.fieldParameters }),
    granularities: f.granularities ?? grans,
  }))

export function createLocusApp(state: LocusState, clock: SandboxClock): VendorApp {
  const routes = new Routes()
  const creds = DEMO_CREDENTIALS.locus

  // --- OAuth2 (password, refresh_token, client_credentials; 3600 s tokens) ---
  routes.add('POST', '/oauth/token', async (ctx) => {
    const form = await ctx.form()
    const grant = form.get('grant_type')
    if (!grant) throw oauthError(400, 'invalid_request', 'grant_type is required')
    if (!['password', 'refresh_token', 'client_credentials'].includes(grant))
      throw oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`)
    if (form.get('client_id') !== creds.clientId || form.get('client_secret') !== creds.clientSecret) {
      throw oauthError(401, 'invalid_client', 'Client authentication failed')
    }
    const issuedAt = Math.floor(clock.nowMs() / 1000)
    if (grant === 'password') {
      if (!form.get('username') || !form.get('password'))
        throw oauthError(400, 'invalid_request', 'username and password are required')
      if (form.get('username') !== creds.username || form.get('password') !== creds.password) {
        throw oauthError(400, 'invalid_grant', 'Invalid username or password')
      }
      const t = state.issue(creds.clientId, true, clock.nowMs())
      return json(200, {
        access_token: t.token,
        issued_at: issuedAt,
        token_type: 'bearer',
        refresh_token: t.refresh,
        expires_in: 3600,
      })
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token')
      if (!refresh || state.refreshTokens.get(refresh) !== creds.clientId)
        throw oauthError(400, 'invalid_grant', 'Invalid refresh token')
      const t = state.issue(creds.clientId, false, clock.nowMs())
      return json(200, { access_token: t.token, issued_at: issuedAt, token_type: 'bearer', expires_in: 3600 })
    }
    const t = state.issue(creds.clientId, false, clock.nowMs())
    return json(200, { access_token: t.token, issued_at: issuedAt, expires_in: 3600 })
  })

  // --- lookups ---
  const idOf = (ctx: RequestContext, name: string) => {
    const raw = ctx.params[name] ?? ''
    if (!/^\d+$/.test(raw)) throw fail(400, `${name} must be an integer`)
    return Number(raw)
  }
  const partner = (ctx: RequestContext) => {
    const id = idOf(ctx, 'partnerId')
    if (id !== creds.partnerId) throw fail(403, `You do not have access to partner ${id}`)
    return id
  }
  const client = (ctx: RequestContext) => {
    const found = state.clients.get(idOf(ctx, 'clientId'))
    if (!found) throw fail(404, 'Client not found')
    return found
  }
  const site = (ctx: RequestContext) => {
    const found = state.sites.get(idOf(ctx, 'siteId'))
    if (!found) throw fail(404, 'Site not found')
    return found
  }
  const component = (ctx: RequestContext) => {
    const found = state.components.get(idOf(ctx, 'componentId'))
    if (!found) throw fail(404, 'Component not found')
    return found
  }

  const siteShape = (s: LocusSite) => ({
    id: s.id,
    clientId: s.clientId,
    name: s.name,
    address1: s.address1,
    address2: '',
    locale3: s.locale3,
    locale1: s.locale1,
    localeCode1: s.localeCode1,
    postalCode: s.postalCode,
    countryCode: s.countryCode,
    latitude: s.latitude,
    longitude: s.longitude,
    locationTimezone: s.locationTimezone,
  })
  const componentShape = (c: LocusComponent) => ({
    id: c.id,
    siteId: c.siteId,
    clientId: c.clientId,
    parentId: c.parentId,
    parentType: c.parentType,
    nodeId: c.nodeId,
    name: c.name,
    nodeType: c.nodeType === 'NETMETER' ? 'METER' : c.nodeType,
    application: c.application,
    generationType: c.generationType,
    oem: c.oem,
    model: c.model,
    isConceptualNode: false,
    serialNumber: c.serialNumber,
  })
  const clientShape = (c: LocusClient) => ({ ...c })
  const sites = () => [...state.sites.values()]
  const components = () => [...state.components.values()]

  routes.add(
    'GET',
    '/v3/partners/:partnerId/clients',
    (ctx) => (partner(ctx), ok({ clients: [...state.clients.values()].map(clientShape) })),
  )
  routes.add('GET', '/v3/clients/:clientId', (ctx) => ok(clientShape(client(ctx))))
  routes.add('GET', '/v3/clients/:clientId/sites', (ctx) => {
    const c = client(ctx)
    return ok({
      sites: sites()
        .filter((s) => s.clientId === c.id)
        .map((s) => ({ statusCode: 200, ...siteShape(s) })),
    })
  })
  routes.add(
    'GET',
    '/v3/partners/:partnerId/sites',
    (ctx) => (partner(ctx), ok({ sites: sites().map((s) => ({ statusCode: 200, ...siteShape(s) })) })),
  )
  routes.add('GET', '/v3/sites/:siteId', (ctx) => ok(siteShape(site(ctx))))
  routes.add('GET', '/v3/sites/:siteId/installinfo', (ctx) => {
    const s = site(ctx)
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    return ok({
      installer: s.installer,
      installDate: day(s.startupMs - 7 * DAY_MS),
      ptoDate: day(s.startupMs),
      startupDate: day(s.startupMs),
    })
  })
  routes.add('GET', '/v3/sites/:siteId/modelsettings', (ctx) => {
    const s = site(ctx)
    return ok({
      size: s.sizeKw,
      mismatch: 98,
      diodesAndConnections: 99,
      dcWiring: 98,
      soiling: 95,
      sunTracking: 100,
      nameplate: 100,
      acWiring: 99,
      transformer: 100,
    })
  })
  routes.add('GET', '/v3/components/:componentId', (ctx) => ok(componentShape(component(ctx))))
  routes.add('GET', '/v3/sites/:siteId/components', (ctx) => {
    const s = site(ctx)
    return ok({
      components: components()
        .filter((c) => c.siteId === s.id)
        .map(componentShape),
    })
  })
  routes.add('GET', '/v3/clients/:clientId/components', (ctx) => {
    const c = client(ctx)
    return ok({
      components: components()
        .filter((x) => x.clientId === c.id)
        .map(componentShape),
    })
  })
  routes.add('GET', '/v3/partners/:partnerId/components', (ctx) => {
    partner(ctx)
    const nodeId = ctx.query.get('nodeId')
    // A URL-encoded % is a wildcard in nodeId searches.
    const pattern =
      nodeId === null
        ? null
        : new RegExp(
            `^${nodeId
              .split('%')
              .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
            'i',
          )
    return ok({
      components: components()
        .filter((c) => !pattern || pattern.test(c.nodeId))
        .map(componentShape),
    })
  })

  // --- data available ---
  const siteFields = [POWER, ENERGY]
  routes.add('GET', '/v3/components/:componentId/dataavailable', (ctx) =>
    ok({ baseFields: describeFields(FIELDS_BY_NODE[component(ctx).nodeType], ALL_GRANS) }),
  )
  routes.add(
    'GET',
    '/v3/sites/:siteId/dataavailable',
    (ctx) => (site(ctx), ok({ baseFields: describeFields(siteFields, SITE_GRANS) })),
  )
  routes.add(
    'GET',
    '/v3/partners/:partnerId/sites/dataavailable',
    (ctx) => (partner(ctx), ok({ baseFields: describeFields(BULK_FIELDS, ['monthly']) })),
  )

  // --- data ---
  interface DataQuery {
    fields: { shortName: string; baseField: string; aggregation: 'avg' | 'max' | 'min' | 'sum' }[]
    gran: Gran
    tz: string
    startMs: number
    endMs: number
  }

  function parseDataQuery(ctx: RequestContext, available: BaseField[], grans: Gran[]): DataQuery {
    const q = ctx.query
    const fieldsParam = q.get('fields')
    if (!fieldsParam) throw fail(400, 'fields is required')
    const fields = fieldsParam.split(',').map((shortName) => {
      const [baseField, aggregation] = [
        shortName.slice(0, shortName.lastIndexOf('_')),
        shortName.slice(shortName.lastIndexOf('_') + 1),
      ]
      const known = available.find(
        (f) => f.baseField === baseField && ((f.aggregations ?? []) as string[]).includes(aggregation),
      )
      if (!known)
        throw fail(400, `Invalid field "${shortName}" for this entity. See dataavailable for valid shortNames.`)
      return { shortName, baseField, aggregation: aggregation as DataQuery['fields'][number]['aggregation'] }
    })
    const gran = q.get('gran') as Gran | null
    if (!gran) throw fail(400, 'gran is required')
    if (!grans.includes(gran)) throw fail(400, `Invalid gran "${gran}". Options are ${grans.join(', ')}`)
    const tz = q.get('tz')
    if (!tz) throw fail(400, 'tz is required')
    if (!isTimeZone(tz)) throw fail(400, `Unknown tz "${tz}"`)
    if (gran === 'latest') return { fields, gran, tz, startMs: 0, endMs: 0 }
    const start = parseLocal(q.get('start') ?? '')
    const end = parseLocal(q.get('end') ?? '')
    if (!start) throw fail(400, 'start is required, as YYYY-MM-DDThh:mm:ss')
    if (!end) throw fail(400, 'end is required, as YYYY-MM-DDThh:mm:ss')
    const [startMs, endMs] = [fromLocal(start, tz), fromLocal(end, tz)]
    if (endMs <= startMs) throw fail(400, 'end must be after start')
    const limit = RANGE_LIMIT[gran]
    if (limit && endMs >= fromLocal(addLocal(start, limit[0], limit[1]), tz)) {
      throw fail(400, `The time period for ${gran} data must be less than ${limit[2]}`)
    }
    return { fields, gran, tz, startMs, endMs }
  }

  /** Interval starts in [start, end), aligned to the local calendar of tz. */
  function buckets(query: DataQuery): [number, number][] {
    const out: [number, number][] = []
    const fixed = { '1min': 60_000, '5min': 5 * 60_000, '15min': 15 * 60_000, hourly: 3_600_000 }[query.gran as '1min']
    if (fixed) {
      // US zones have whole-hour offsets, so UTC-aligned steps are local-aligned too, and DST needs no care.
      for (let t = Math.ceil(query.startMs / fixed) * fixed; t < query.endMs; t += fixed) out.push([t, t + fixed])
      return out
    }
    const unit = query.gran === 'daily' ? 'day' : query.gran === 'monthly' ? 'month' : 'year'
    const s = toLocal(query.startMs, query.tz)
    let local: LocalTime = {
      year: s.year,
      month: unit === 'year' ? 1 : s.month,
      day: unit === 'day' ? s.day : 1,
      hour: 0,
      minute: 0,
      second: 0,
    }
    if (fromLocal(local, query.tz) < query.startMs) local = addLocal(local, unit, 1)
    for (let t = fromLocal(local, query.tz); t < query.endMs;) {
      local = addLocal(local, unit, 1)
      const next = fromLocal(local, query.tz)
      out.push([t, next])
      t = next
    }
    return out
  }

  const dayBounds =
    (tz: string) =>
    (ms: number): [number, number] => {
      const l = toLocal(ms, tz)
      const day = { year: l.year, month: l.month, day: l.day, hour: 0, minute: 0, second: 0 }
      return [fromLocal(day, tz), fromLocal(addLocal(day, 'day', 1), tz)]
    }

  function rows(entityId: number, componentId: number, query: DataQuery): Record<string, unknown>[] {
    if (query.gran === 'latest') {
      const slot = Math.floor(clock.nowMs() / SLOT_MS) * SLOT_MS - SLOT_MS
      const row: Record<string, unknown> = { id: entityId, ts: formatLocal(slot, query.tz) }
      for (const f of query.fields) {
        const v = state.model.slot(componentId, f.baseField, slot)
        if (v !== null) row[f.shortName] = v
      }
      return Object.keys(row).length > 2 ? [row] : []
    }
    const bounds = dayBounds(query.tz)
    return buckets(query).flatMap(([from, to]) => {
      const row: Record<string, unknown> = { id: entityId, ts: formatLocal(from, query.tz) }
      for (const f of query.fields) {
        const value = state.model.aggregate(componentId, f.baseField === 'Whp' ? 'Wh' : f.baseField, from, to, bounds)[
          f.aggregation
        ]
        // Null fields are left out of data rows; a row with no data at all is left out.
        if (value !== null) row[f.shortName] = value
      }
      return Object.keys(row).length > 2 ? [row] : []
    })
  }

  const meterOf = (s: LocusSite) => components().find((c) => c.siteId === s.id && c.nodeType === 'METER')

  routes.add('GET', '/v3/components/:componentId/data', (ctx) => {
    const c = component(ctx)
    return ok({ data: rows(c.id, c.id, parseDataQuery(ctx, FIELDS_BY_NODE[c.nodeType], ALL_GRANS)) })
  })
  routes.add('GET', '/v3/sites/:siteId/data', (ctx) => {
    const s = site(ctx)
    const query = parseDataQuery(ctx, siteFields, SITE_GRANS)
    const meter = meterOf(s)
    return ok({ data: meter ? rows(s.id, meter.id, query) : [] })
  })
  routes.add('GET', '/v3/partners/:partnerId/sites/data', (ctx) => {
    partner(ctx)
    const query = parseDataQuery(ctx, BULK_FIELDS, ['monthly'])
    const start = parseLocal(ctx.query.get('start') ?? '')!
    if (query.endMs > fromLocal(addLocal(start, 'year', 1), query.tz))
      throw fail(400, 'end can be a maximum of 1 year after start')
    return ok({
      data: sites().flatMap((s) => {
        const meter = meterOf(s)
        return meter ? rows(s.id, meter.id, query) : []
      }),
    })
  })

  // --- alerts ---
  function windowsFor(list: LocusComponent[]): { window: FaultWindow; component: LocusComponent; site: LocusSite }[] {
    const now = clock.nowMs()
    const out: { window: FaultWindow; component: LocusComponent; site: LocusSite }[] = []
    for (const c of list) {
      if (c.nodeType !== 'INVERTER') continue
      const s = state.sites.get(c.siteId)!
      for (let day = Math.floor(s.startupMs / DAY_MS); day <= Math.floor(now / DAY_MS); day++) {
        const w = faultsOn(c, s, day)
        if (w && w.startMs < now) out.push({ window: w, component: c, site: s })
      }
    }
    return out
  }

  function alerts(ctx: RequestContext, list: LocusComponent[], isPartner: boolean): Reply {
    const q = ctx.query
    const tz = q.get('tz')
    if (!tz) throw fail(400, 'tz is required')
    if (!isTimeZone(tz)) throw fail(400, `Unknown tz "${tz}"`)
    const now = clock.nowMs()
    const parse = (name: string) => {
      const value = q.get(name)
      if (value === null) return null
      const local = parseLocal(value)
      if (!local) throw fail(400, `${name} must be formatted YYYY-MM-DDThh:mm:ss`)
      return fromLocal(local, tz)
    }
    const updatedSince = parse('updatedSince')
    const openMin = parse('openDuringMin')
    const openMax = parse('openDuringMax')
    if ((openMin === null) !== (openMax === null))
      throw fail(400, 'openDuringMin and openDuringMax must be given together')
    if (isPartner) {
      if (updatedSince === null && openMin === null)
        throw fail(400, 'Either updatedSince or both openDuringMin and openDuringMax are required')
      if (updatedSince !== null && updatedSince < now - 7 * DAY_MS)
        throw fail(400, 'updatedSince is limited to up to 7 days ago')
      if (openMin !== null && openMax !== null && openMax - openMin > 31 * DAY_MS)
        throw fail(400, 'The open during time period is limited to 31 days')
    }
    const types = q
      .get('alertType')
      ?.split(',')
      .map((t) => t.trim().toLowerCase())
    const priorities = q
      .get('priority')
      ?.split(',')
      .map((t) => t.trim().toLowerCase())
    const status = q.get('status')?.toLowerCase()
    const result = windowsFor(list)
      .map(({ window: w, component: c, site: s }) => {
        const open = w.endMs > now
        const updatedMs = (open ? w.startMs : w.endMs) + 3 * 60_000
        const priority = w.kind === 'System Disconnect' ? 'High' : w.kind === 'Device Fault' ? 'Medium' : 'Low'
        return {
          w,
          open,
          updatedMs,
          alert: {
            id: Math.floor(w.startMs / DAY_MS) * 100_000 + (c.id % 100_000),
            componentId: c.id,
            componentName: c.name,
            siteId: s.id,
            siteName: s.name,
            alertType: w.kind,
            priority,
            start: formatLocal(w.startMs, tz),
            ...(open ? {} : { end: formatLocal(w.endMs, tz) }),
            updated: formatLocal(Math.min(updatedMs, now), tz),
            ...(w.kind === 'Device Fault'
              ? {
                  descriptionShort: 'VDC high',
                  descriptionLong: 'A voltage higher than 600 V is present on the DC bus. (Resettable)',
                }
              : {}),
          },
        }
      })
      .filter((a) => updatedSince === null || a.updatedMs >= updatedSince)
      .filter(
        (a) => openMin === null || openMax === null || (a.w.startMs <= openMax && (a.open || a.w.endMs >= openMin)),
      )
      .filter((a) => !types || types.includes(a.alert.alertType.toLowerCase()))
      .filter((a) => !priorities || priorities.includes(a.alert.priority.toLowerCase()))
      .filter((a) => !status || (status === 'open') === a.open)
      .map((a) => a.alert)
    return ok({ alerts: result })
  }

  routes.add('GET', '/v3/partners/:partnerId/alerts', (ctx) => (partner(ctx), alerts(ctx, components(), true)))
  routes.add('GET', '/v3/sites/:siteId/alerts', (ctx) => {
    const s = site(ctx)
    return alerts(
      ctx,
      components().filter((c) => c.siteId === s.id),
      false,
    )
  })
  routes.add('GET', '/v3/components/:componentId/alerts', (ctx) => alerts(ctx, [component(ctx)], false))

  return {
    vendor: 'locus',
    routes,
    authenticate(ctx) {
      if (ctx.path === '/oauth/token') return
      const [scheme, token] = (ctx.header('authorization') ?? '').split(' ')
      const issued = scheme?.toLowerCase() === 'bearer' && token ? state.accessTokens.get(token) : undefined
      if (!issued) throw fail(401, 'Invalid access token')
      if (issued.expiresMs <= clock.nowMs()) throw fail(401, 'Access token expired')
      ctx.principal = `client:${issued.clientId}`
    },
    admit(ctx) {
      if (!ctx.principal) return
      // "Rate limited by default to 1 request at a time" (locus-energy-v3.txt, Rate limiting).
      const principal = ctx.principal
      if ((state.inFlight.get(principal) ?? 0) >= 1) throw fail(429, 'Too many requests')
      state.inFlight.set(principal, 1)
      return () => state.inFlight.set(principal, 0)
    },
    compress: () => true,
    notFound: () => json(404, { statusCode: 404, message: 'Not found' }),
    invalid: (message) => json(400, { statusCode: 400, message }),
  }
}
