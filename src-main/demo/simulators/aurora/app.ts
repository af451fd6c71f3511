// Aurora Solar projects in the pre-2024.05 and 2024.05 shapes (aurora-api-versioning.txt),
// under /aurora/tenants/:tenant_id/projects.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { SandboxClock } from '../core/clock'
import { generateProjects } from '../core/generate'
import { HttpError, json, type Reply, type RequestContext, Routes } from '../core/http'
import type { VendorApp } from '../core/vendor-app'
import { DEMO_CREDENTIALS } from '../credentials'

export const AURORA_VERSIONS = ['2022.09', '2024.05'] as const
export type AuroraVersion = (typeof AURORA_VERSIONS)[number]

export interface AuroraProject {
  id: string
  external_provider_id: string | null
  name: string
  customer_salutation: string | null
  customer_first_name: string | null
  customer_last_name: string | null
  customer_email: string | null
  customer_phone: string | null
  mailing_address: string | null
  property_address: string | null
  latitude: number | null
  longitude: number | null
  project_type: 'residential' | 'commercial'
  owner_id: string
  created_at: string
  updated_at: string
}

const errors = (status: number, ...messages: string[]) =>
  new HttpError(status, { errors: messages.map((message) => ({ message })) })
const OWNER = '3fa85f64-5717-4562-b3fc-2c963f66afa6'

const common = {
  external_provider_id: z.string().max(255).nullable(),
  name: z.string().max(255),
  customer_salutation: z.string().max(50).nullable(),
  customer_first_name: z.string().max(255).nullable(),
  customer_last_name: z.string().max(255).nullable(),
  customer_email: z.string().max(255).nullable(),
  customer_phone: z.string().max(50).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  project_type: z.enum(['residential', 'commercial']),
  owner_id: z.string().uuid(),
}
// Each version accepts only its own field names: an old name sent to the new version is an error, not ignored.
const Input: Record<AuroraVersion, z.ZodType<Record<string, unknown>>> = {
  '2022.09': z
    .object({ ...common, address: z.string().max(500).nullable(), customer_address: z.string().max(500).nullable() })
    .partial()
    .strict(),
  '2024.05': z
    .object({
      ...common,
      property_address: z.string().max(500).nullable(),
      mailing_address: z.string().max(500).nullable(),
    })
    .partial()
    .strict(),
}

export class AuroraState {
  readonly projects = new Map<string, AuroraProject>()
  tokenRevoked = false
  /** Request times in the last minute, for the ~90/min limit. */
  readonly recent: number[] = []

  constructor(count: number, seed: number) {
    for (const g of generateProjects('aurora', count, seed)) {
      this.projects.set(g.uuid, {
        id: g.uuid,
        external_provider_id: null,
        name: `${g.address}, ${g.place.locality}`,
        customer_salutation: null,
        customer_first_name: g.customer.first,
        customer_last_name: g.customer.last,
        customer_email: g.customer.email,
        customer_phone: g.customer.phone,
        mailing_address: `${g.address}, ${g.place.locality}, ${g.place.region} ${g.place.postcode}`,
        property_address: `${g.address}, ${g.place.locality}, ${g.place.region} ${g.place.postcode}`,
        latitude: g.lat,
        longitude: g.lng,
        project_type: g.stageIndex % 2 === 0 ? 'residential' : 'commercial',
        owner_id: OWNER,
        created_at: new Date(g.createdMs).toISOString(),
        updated_at: new Date(g.modifiedMs).toISOString(),
      })
    }
  }
}

export interface AuroraOptions {
  /** The tenant's pinned version; the sandbox honours an Aurora-API-Version header over it. */
  pinnedVersion: AuroraVersion
  requestsPerMinute: number
}

export function createAuroraApp(state: AuroraState, clock: SandboxClock, options: AuroraOptions): VendorApp {
  const routes = new Routes()
  const versionOf = (ctx: RequestContext): AuroraVersion => {
    const asked = ctx.header('aurora-api-version')
    if (asked === undefined) return options.pinnedVersion
    if (!(AURORA_VERSIONS as readonly string[]).includes(asked))
      throw errors(400, `Unsupported Aurora-API-Version "${asked}"`)
    return asked as AuroraVersion
  }

  function shape(p: AuroraProject, version: AuroraVersion) {
    const base = {
      id: p.id,
      external_provider_id: p.external_provider_id,
      name: p.name,
      customer_salutation: p.customer_salutation,
      customer_first_name: p.customer_first_name,
      customer_last_name: p.customer_last_name,
      customer_email: p.customer_email,
      customer_phone: p.customer_phone,
      latitude: p.latitude,
      longitude: p.longitude,
      project_type: p.project_type,
      owner_id: p.owner_id,
      created_at: p.created_at,
      // Vendors add fields: clients must keep what they do not know.
      status: 'active',
    }
    if (version === '2022.09')
      return { ...base, address: p.property_address, customer_address: p.mailing_address, updated_at: p.updated_at }
    return {
      ...base,
      property_address: p.property_address,
      mailing_address: p.mailing_address,
      location: { property_address: p.property_address, latitude: p.latitude, longitude: p.longitude },
    }
  }

  async function input(ctx: RequestContext, version: AuroraVersion) {
    const body = await ctx.json(() => errors(400, 'Request body is not valid JSON'))
    const project = (body as { project?: unknown } | undefined)?.project
    if (project === null || typeof project !== 'object' || Array.isArray(project))
      throw errors(422, 'project is required')
    const parsed = Input[version].safeParse(project)
    if (!parsed.success) {
      throw errors(
        422,
        ...parsed.error.issues.map((i) =>
          i.code === 'unrecognized_keys'
            ? `Unknown field(s) for API version ${version}: ${i.keys.join(', ')}`
            : `${i.path.join('.')}: ${i.message}`,
        ),
      )
    }
    const data = parsed.data
    const address = (data['address'] ?? data['property_address']) as string | null | undefined
    const mailing = (data['customer_address'] ?? data['mailing_address']) as string | null | undefined
    const { address: _a, property_address: _p, customer_address: _c, mailing_address: _m, ...rest } = data
    return { rest: rest as Partial<AuroraProject>, address, mailing }
  }

  function find(ctx: RequestContext) {
    const project = state.projects.get(ctx.params['id'] ?? '')
    if (!project) throw errors(404, `The project with id ${ctx.params['id'] ?? ''} could not be found`)
    return project
  }

  routes.add('GET', '/tenants/:tenant_id/projects', (ctx) => {
    const page = Number(ctx.query.get('page') ?? '1')
    const perPage = Number(ctx.query.get('per_page') ?? '25')
    if (!Number.isInteger(page) || page < 1) throw errors(422, 'page must be a positive integer')
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 250)
      throw errors(422, 'per_page must be between 1 and 250')
    const version = versionOf(ctx)
    const all = [...state.projects.values()].sort(
      (a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id),
    )
    return json(200, { projects: all.slice((page - 1) * perPage, page * perPage).map((p) => shape(p, version)) })
  })

  routes.add('GET', '/tenants/:tenant_id/projects/:id', (ctx) =>
    json(200, { project: shape(find(ctx), versionOf(ctx)) }),
  )

  routes.add('POST', '/tenants/:tenant_id/projects', async (ctx): Promise<Reply> => {
    const version = versionOf(ctx)
    const { rest, address, mailing } = await input(ctx, version)
    if (!address && (rest.latitude == null || rest.longitude == null)) {
      throw errors(422, 'An address, or a latitude and longitude, is required to create a project')
    }
    const now = clock.now().toISOString()
    const project: AuroraProject = {
      id: randomUUID(),
      external_provider_id: null,
      name: address ?? 'New project',
      customer_salutation: null,
      customer_first_name: null,
      customer_last_name: null,
      customer_email: null,
      customer_phone: null,
      mailing_address: mailing ?? null,
      property_address: address ?? null,
      latitude: null,
      longitude: null,
      project_type: 'residential',
      owner_id: OWNER,
      created_at: now,
      updated_at: now,
      ...rest,
    }
    state.projects.set(project.id, project)
    return json(200, { project: shape(project, version) })
  })

  routes.add('PUT', '/tenants/:tenant_id/projects/:id', async (ctx) => {
    const project = find(ctx)
    const version = versionOf(ctx)
    const { rest, address, mailing } = await input(ctx, version)
    Object.assign(project, rest)
    if (address !== undefined) project.property_address = address
    if (mailing !== undefined) project.mailing_address = mailing
    project.updated_at = clock.now().toISOString()
    return json(200, { project: shape(project, version) })
  })

  return {
    vendor: 'aurora',
    routes,
    authenticate(ctx) {
      const [scheme, token] = (ctx.header('authorization') ?? '').split(' ')
      if (scheme?.toLowerCase() !== 'bearer' || token !== DEMO_CREDENTIALS.aurora.token || state.tokenRevoked) {
        throw errors(401, 'The access token is missing, invalid or revoked')
      }
      const tenant = /^\/tenants\/([^/]+)/.exec(ctx.path)?.[1]
      if (tenant !== DEMO_CREDENTIALS.aurora.tenantId)
        throw errors(403, `You do not have access to tenant ${tenant ?? ''}`)
      ctx.principal = `tenant:${tenant}`
    },
    admit() {
      // About 90 requests per minute, 429 with Retry-After in seconds.
      const now = clock.nowMs()
      while (state.recent.length && state.recent[0]! <= now - 60_000) state.recent.shift()
      if (state.recent.length >= options.requestsPerMinute) {
        const wait = Math.max(1, Math.ceil((state.recent[0]! + 60_000 - now) / 1000))
        throw new HttpError(429, { errors: [{ message: 'Rate limit exceeded' }] }, { 'Retry-After': String(wait) })
      }
      state.recent.push(now)
    },
    notFound: () => json(404, { errors: [{ message: 'Not found' }] }),
    invalid: (message) => json(422, { errors: [{ message }] }),
  }
}
