// Easy PV / heatpunk Open API (easypv-projects.txt) under /easypv/api/v1/projects/…
import { z } from 'zod'
import type { SandboxClock } from '../core/clock'
import { generateProjects } from '../core/generate'
import { HttpError, json, type Reply, type RequestContext, Routes } from '../core/http'
import type { VendorApp } from '../core/vendor-app'
import { DEMO_CREDENTIALS } from '../credentials'
import { easyPvOwnedByOffice, FIRST_REMOTE_ID } from '../../demo-world'

export interface EasyPvProject {
  ID: number
  owner: number
  dateCreated: string
  dateModified: string
  meta: z.infer<typeof Meta>
  deleted: boolean
}

export const TEAM = [
  { id: 27091, email: DEMO_CREDENTIALS.easypv.userEmail },
  { id: 27092, email: 'office@example.com' },
]

const error = (status: number, message: string) => new HttpError(status, { status: 'error', message })

// "All fields are optional"; status and buildDate are enums (easypv-projects.txt, POST /projects/create).
const Meta = z
  .object({
    buildDate: z.enum(['pre2000', 'post2000', 'post2006']),
    projectName: z.string().max(255),
    customerName: z.string().max(255),
    customerEmail: z.string().max(255),
    customerPhone: z.string().max(50),
    address: z.string().max(500),
    postcode: z.string().max(20),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    status: z.enum(['Lead', 'Quote', 'Sale', 'Install', 'Completed', 'Rejected']),
    crmReference: z.string().max(255),
  })
  .partial()
  .strict()

const userEmailOf = (body: Record<string, unknown>) => body['userEmail'] ?? body['ownerEmail'] // ownerEmail is an alias
const YMD = /^\d{4}-\d{2}-\d{2}$/

export class EasyPvState {
  readonly projects = new Map<number, EasyPvProject>()
  nextId: number = FIRST_REMOTE_ID.easypv
  keyRevoked = false

  constructor(count: number, seed: number) {
    for (const g of generateProjects('easypv', count, seed)) {
      const id = this.nextId++
      this.projects.set(id, {
        ID: id,
        owner: TEAM[easyPvOwnedByOffice(id) ? 1 : 0]!.id,
        dateCreated: new Date(g.createdMs).toISOString(),
        dateModified: new Date(g.modifiedMs).toISOString(),
        meta: {
          projectName: new Date(g.createdMs).toDateString(),
          customerName: `${g.customer.first} ${g.customer.last}`,
          customerEmail: g.customer.email,
          customerPhone: g.customer.phone,
          address: `${g.address} ${g.place.locality} ${g.place.region}`,
          postcode: g.place.postcode,
          lat: g.lat,
          lng: g.lng,
          status: (['Lead', 'Quote', 'Sale', 'Install', 'Completed', 'Rejected'] as const)[g.stageIndex % 6],
          buildDate: 'post2006',
        },
        deleted: false,
      })
    }
  }
}

export interface EasyPvOptions {
  /** The doc gives no limit; its example spans six months. We refuse ranges over this many days. */
  maxRangeDays: number
}

export function createEasyPvApp(state: EasyPvState, clock: SandboxClock, options: EasyPvOptions): VendorApp {
  const routes = new Routes()

  async function body(ctx: RequestContext): Promise<Record<string, unknown>> {
    // Parsed as JSON whatever the Content-Type: the doc's own list example sends none.
    const parsed = await ctx.json(() => error(400, 'Invalid JSON in request body'))
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw error(400, 'Request body must be a JSON object')
    return parsed as Record<string, unknown>
  }

  function member(email: unknown) {
    if (typeof email !== 'string' || !email) throw error(400, 'userEmail is required')
    const user = TEAM.find((m) => m.email.toLowerCase() === email.toLowerCase())
    if (!user) throw error(403, `${email} is not an Easy PV Pro member of this team`)
    return user
  }

  function meta(value: unknown) {
    const parsed = Meta.safeParse(value ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw error(
        400,
        `Invalid meta${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`,
      )
    }
    return parsed.data
  }

  function project(b: Record<string, unknown>) {
    const id = b['projectId']
    if (typeof id !== 'number' || !Number.isInteger(id)) throw error(400, 'projectId must be a number')
    const found = state.projects.get(id)
    if (!found || found.deleted) throw error(404, `Project ${id} not found`)
    return found
  }

  routes.add('POST', '/api/v1/projects/create', async (ctx) => {
    const b = await body(ctx)
    const owner = member(b['owner'])
    const fields = meta(b['meta'])
    const now = clock.now().toISOString()
    const id = state.nextId++
    state.projects.set(id, {
      ID: id,
      owner: owner.id,
      dateCreated: now,
      dateModified: now,
      meta: fields,
      deleted: false,
    })
    // "A successful call returns a JSON object containing a projectId": that, and nothing else.
    return json(200, { projectId: id })
  })

  routes.add('POST', '/api/v1/projects/list', async (ctx) => {
    const b = await body(ctx)
    const user = member(userEmailOf(b))
    const [start, end] = [b['start'], b['end']]
    if (typeof start !== 'string' || !YMD.test(start) || Number.isNaN(Date.parse(start)))
      throw error(400, 'start must be a date in the format YYYY-MM-DD')
    if (typeof end !== 'string' || !YMD.test(end) || Number.isNaN(Date.parse(end)))
      throw error(400, 'end must be a date in the format YYYY-MM-DD')
    const from = Date.parse(`${start}T00:00:00Z`)
    const to = Date.parse(`${end}T00:00:00Z`) + 86_400_000
    if (to <= from) throw error(400, 'end must not be before start')
    if ((to - from) / 86_400_000 - 1 > options.maxRangeDays)
      throw error(400, `The date range must not exceed ${options.maxRangeDays} days`)
    const projects = [...state.projects.values()]
      .filter((p) => !p.deleted && p.owner === user.id)
      .filter((p) => Date.parse(p.dateCreated) >= from && Date.parse(p.dateCreated) < to)
      .sort((a, b) => a.dateCreated.localeCompare(b.dateCreated))
      .map((p) => ({
        ID: p.ID,
        owner: p.owner,
        dateCreated: p.dateCreated,
        dateModified: p.dateModified,
        projectName: p.meta.projectName ?? '',
        customerName: p.meta.customerName ?? '',
        address: p.meta.address ?? '',
        postcode: p.meta.postcode ?? '',
        // Kept in single precision, as the doc's example shows (52.193912506103516).
        lat: p.meta.lat === undefined ? null : Math.fround(p.meta.lat),
        lng: p.meta.lng === undefined ? null : Math.fround(p.meta.lng),
        status: p.meta.status ?? 'Lead',
        // No crmReference: the doc's list example has none, so a client cannot find its create by it.
      }))
    return json(200, { status: 'success', projects, ownerEmail: user.email, ownerID: user.id })
  })

  routes.add('PATCH', '/api/v1/projects/update', async (ctx) => {
    const b = await body(ctx)
    member(userEmailOf(b))
    const found = project(b)
    const data = b['data']
    if (data === null || typeof data !== 'object' || !('meta' in data)) throw error(400, 'data.meta is required')
    found.meta = { ...found.meta, ...meta(data.meta) }
    found.dateModified = clock.now().toISOString()
    return { status: 204 }
  })

  const remove =
    (hard: boolean) =>
    async (ctx: RequestContext): Promise<Reply> => {
      const b = await body(ctx)
      member(userEmailOf(b))
      const id = b['projectId']
      const found = typeof id === 'number' ? state.projects.get(id) : undefined
      if (!found || (found.deleted && !hard)) throw error(404, `Project ${String(id)} not found`)
      if (hard) state.projects.delete(found.ID)
      else found.deleted = true
      return { status: 204 }
    }
  routes.add('DELETE', '/api/v1/projects/softDelete', remove(false))
  routes.add('DELETE', '/api/v1/projects/hardDelete', remove(true))

  return {
    vendor: 'easypv',
    routes,
    authenticate(ctx) {
      const key = ctx.header('x-api-key')
      if (!key || key !== DEMO_CREDENTIALS.easypv.apiKey || state.keyRevoked)
        throw error(401, 'Invalid or missing API key')
      ctx.principal = 'key:demo'
    },
    admit: () => undefined,
    notFound: () => json(404, { status: 'error', message: 'Not found' }),
    invalid: (message) => json(400, { status: 'error', message }),
  }
}
