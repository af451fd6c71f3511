// OpenSolar projects (opensolar-projects.txt) under /opensolar/api/orgs/:org_id/…, plus the behaviours
// other integrators report: 7-day tokens, trailing slash on writes, ~10 creates/min.
import { z } from 'zod'
import type { SandboxClock } from '../core/clock'
import { djangoTime } from '../core/generate'
import { HttpError, json, type Reply, type RequestContext, Routes } from '../core/http'
import type { VendorApp } from '../core/vendor-app'
import { DEMO_CREDENTIALS } from '../credentials'
import { registerFileRoutes } from './files'
import DOCUMENTED_PROJECT from '../documented-examples/opensolar-project-get.json' with { type: 'json' }
import { type OpenSolarState, type OsProject, WORKFLOWS } from './state'

export interface OpenSolarOptions {
  dailyLimit: number
  tokenTtlMs: number
  createsPerMinute: number
}

const ORG = DEMO_CREDENTIALS.opensolar.orgId
const detail = (status: number, message: string, headers?: Record<string, string>) =>
  new HttpError(status, { detail: message }, headers)
const invalid = (errors: Record<string, string[]>) => new HttpError(400, errors)

/** usage_data_source → the shape its `values` must have (opensolar-projects.txt, "Supported Usage Values"). */
const USAGE_VALUES: Record<string, z.ZodType> = {
  kwh_annual: z.number().int().nonnegative(),
  kwh_monthly: z.array(z.number().int().nonnegative()).length(12),
  kwh_every_second_month: z.array(z.number().int().nonnegative()).length(6),
  kwh_quarterly: z.array(z.number().int().nonnegative()).length(4),
  kwh_daily_per_month: z.array(z.number().int().nonnegative()).length(12),
  bill_annual: z.number().int().nonnegative(),
  bill_monthly: z.array(z.number().int().nonnegative()).length(12),
  bill_every_second_month: z.array(z.number().int().nonnegative()).length(6),
  bill_quarterly: z.array(z.number().int().nonnegative()).length(4),
  estimate: z.enum(['Low', 'Medium', 'High']),
}

// Form-ish values arrive as strings in the vendor's own examples ("lat": "35.12364", "is_residential": "1").
const looseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
])
const looseBool = z.union([
  z.boolean(),
  z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
])

const ContactNew = z.object({
  first_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().email().or(z.literal('')).optional(),
  phone: z.string().max(50).optional(),
  date_of_birth: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  gender: z.union([z.number(), z.string()]).optional(),
})

const Writable = z.object({
  identifier: z.string().max(255).optional(),
  title: z.string().max(255).optional(),
  address: z.string().max(255).optional(),
  locality: z.string().max(255).optional(),
  state: z.string().max(100).optional(),
  zip: z.string().max(20).optional(),
  country_iso2: z.string().length(2).optional(),
  lat: looseNumber.pipe(z.number().min(-90).max(90)).nullable().optional(),
  lon: looseNumber.pipe(z.number().min(-180).max(180)).nullable().optional(),
  is_residential: looseBool.optional(),
  lead_source: z.string().max(255).optional(),
  notes: z.string().max(10_000).optional(),
  site_notes: z.string().max(10_000).optional(),
  serial_numbers_panels: z.string().max(10_000).optional(),
  serial_numbers_inverters: z.string().max(10_000).optional(),
  serial_numbers_batteries: z.string().max(10_000).optional(),
  number_of_phases: looseNumber.pipe(z.number().int().min(1).max(3)).nullable().optional(),
  roof_type: z.string().url().nullable().optional(),
  priority: looseNumber.pipe(z.number().int().min(0).max(3)).optional(),
  assigned_role: z.string().url().nullable().optional(),
  contacts_new: z.array(ContactNew).max(10).optional(),
  // "Updating a Project" sends the workflow with its stage, and the stage again at the top level.
  workflow: z.object({ active_stage_id: z.number().int(), workflow_id: z.number().int().optional() }).optional(),
  active_stage_id: z.number().int().optional(),
  usage: z.object({ usage_data_source: z.string(), values: z.unknown() }).optional(),
})

export function createOpenSolarApp(state: OpenSolarState, clock: SandboxClock, options: OpenSolarOptions): VendorApp {
  const tokenIssuedMs = clock.nowMs()
  const routes = new Routes()
  const base = (ctx: RequestContext) => `${ctx.url.origin}/opensolar`
  const projectUrl = (ctx: RequestContext, id: number) => `${base(ctx)}/api/orgs/${ORG}/projects/${id}/`
  const contactUrl = (ctx: RequestContext, id: number) => `${base(ctx)}/api/orgs/${ORG}/contacts/${id}/`

  function contactData(ctx: RequestContext, id: number) {
    const c = state.contacts.get(id)
    if (!c) return null
    return {
      id: c.id,
      email: c.email,
      phone: c.phone,
      url: contactUrl(ctx, c.id),
      first_name: c.first_name,
      family_name: c.family_name,
      display: `${c.first_name} ${c.family_name}`.trim(),
      passport_number: '',
      licence_number: '',
      custom_contact_info_1: '',
      custom_contact_info_2: '',
      user_id: null,
      org_id: ORG,
      identifier: c.identifier,
      type: 0,
    }
  }

  /** fieldset=list: the shape of the list example. */
  function listShape(ctx: RequestContext, p: OsProject) {
    const workflow = WORKFLOWS.find((w) => w.id === p.workflow.workflow_id)
    const milestone = workflow?.stages.find((s) => s.id === p.workflow.active_stage_id)?.milestone ?? 0
    return {
      id: p.id,
      title: p.title,
      contacts_data: p.contactIds.map((id) => contactData(ctx, id)).filter(Boolean),
      business_name: null,
      address: p.address,
      url: projectUrl(ctx, p.id),
      contacts: p.contactIds.map((id) => contactUrl(ctx, id)),
      priority: p.priority,
      stars: [],
      stage: milestone,
      org_id: ORG,
      is_lite: false,
      modified_date: p.modified_date,
      created_date: p.created_date,
      shared_with: [],
      org_name: 'Harbour Solar Pty Ltd',
      customer_proposal_data: null,
      workflow: p.workflow,
      custom_data: null,
    }
  }

  /**
   * The full project, key for key as "Getting a single Project" shows it: what this simulator models is
   * its own, every other key keeps the documented example's value (heavy fields at their elided, empty value).
   */
  function fullShape(ctx: RequestContext, p: OsProject) {
    const files = [...state.files.values()].filter((f) => f.projectId === p.id && (!f.upload || f.upload.completed_on))
    return {
      ...DOCUMENTED_PROJECT,
      ...listShape(ctx, p),
      access: 2,
      identifier: p.identifier,
      locality: p.locality,
      state: p.state,
      zip: p.zip,
      country_iso2: p.country_iso2,
      country_name: { AU: 'Australia', GB: 'United Kingdom', US: 'United States' }[p.country_iso2] ?? p.country_iso2,
      county: null,
      lat: p.lat,
      lon: p.lon,
      is_residential: p.is_residential,
      lead_source: p.lead_source,
      notes: p.notes,
      site_notes: p.site_notes,
      serial_numbers_panels: p.serial_numbers_panels,
      serial_numbers_inverters: p.serial_numbers_inverters,
      serial_numbers_batteries: p.serial_numbers_batteries,
      number_of_phases: p.number_of_phases,
      number_of_wires: null,
      number_of_storeys: null,
      roof_type: p.roof_type,
      stage_warning:
        "The stage field is deprecated, and presently represents the project's workflow milestone. Please refer to https://developers.opensolar.com/ for the migration steps.",
      usage: p.usage ? JSON.stringify(p.usage) : null,
      usage_annual_or_guess: annualUsage(p),
      private_files: files.map((f) => `${base(ctx)}/api/orgs/${ORG}/private_files/${f.id}/`),
      private_files_data: [],
      systems: [{ uuid: null, name: 'System 1', summary: p.systemSummary }],
      workflows: WORKFLOWS.map((w) => ({ id: w.id, title: w.title, workflow_stages: w.stages })),
      org: `${base(ctx)}/api/orgs/${ORG}/`,
      timezone_offset: p.country_iso2 === 'AU' ? 11 : 0,
      tags: [],
      events_data: [],
      installation_date: null,
      contract_date: null,
      design: null, // Raw Data API Access only; absent or null on API Access (opensolar-projects.txt)
    }
  }

  /** The 201 answer of "Creating a Project": those keys and no others (no title, no modified_date). */
  function createdShape(ctx: RequestContext, p: OsProject) {
    const full = fullShape(ctx, p)
    return {
      address: p.address,
      id: p.id,
      identifier: p.identifier,
      lat: p.lat,
      lead_source: p.lead_source,
      locality: p.locality,
      lon: p.lon,
      notes: p.notes,
      number_of_phases: p.number_of_phases,
      org_id: ORG,
      org: full.org,
      state: p.state,
      systems: full.systems,
      url: full.url,
      zip: p.zip,
      customer_proposal_data: null,
      // Nobody is assigned by this simulator: the role keys are there, empty (as the GET example's unassigned roles).
      assigned_role_data: null,
      assigned_role_email: null,
      assigned_role_id: null,
      assigned_role_name: null,
      assigned_role_phone: null,
      assigned_role: null,
      assigned_role_accreditation: null,
      contacts: full.contacts,
      // The created contacts as the example shows them: fewer keys than a project's contacts_data.
      contacts_data: p.contactIds.flatMap((id) => {
        const c = state.contacts.get(id)
        if (!c) return []
        const { first_name, family_name, email, phone, date_of_birth, gender } = c
        return [{ id, first_name, family_name, email, phone, date_of_birth, gender, url: contactUrl(ctx, id) }]
      }),
    }
  }

  /** The answer of "Updating a Project": ids, urls and the workflow, nothing of what was changed. */
  function patchedShape(ctx: RequestContext, p: OsProject) {
    return {
      id: p.id,
      identifier: p.identifier,
      org_id: ORG,
      org: `${base(ctx)}/api/orgs/${ORG}/`,
      simulate_first_year_only: false,
      url: projectUrl(ctx, p.id),
      customer_proposal_data: null,
      workflow: p.workflow,
      custom_data: null,
    }
  }

  function findProject(id: string | undefined): OsProject {
    const project = state.projects.get(Number(id))
    if (!project || !/^\d+$/.test(id ?? '')) throw detail(404, 'Not found.')
    return project
  }

  function applyChanges(project: OsProject, body: z.infer<typeof Writable>): void {
    const { contacts_new, workflow: requested, active_stage_id, usage, assigned_role: _role, ...fields } = body
    if (requested && active_stage_id !== undefined && active_stage_id !== requested.active_stage_id)
      throw invalid({ active_stage_id: ['Does not match workflow.active_stage_id.'] })
    const stageId = requested?.active_stage_id ?? active_stage_id
    const workflowId = requested?.workflow_id ?? project.workflow.workflow_id
    const workflow = stageId === undefined ? undefined : { workflow_id: workflowId, active_stage_id: stageId }
    if (workflow) {
      const flow = WORKFLOWS.find((w) => w.id === workflow.workflow_id)
      if (!flow) throw invalid({ workflow: [`Invalid pk "${workflow.workflow_id}" - object does not exist.`] })
      if (!flow.stages.some((s) => s.id === workflow.active_stage_id)) {
        throw invalid({
          workflow: [
            `Invalid pk "${workflow.active_stage_id}" - stage is not part of workflow ${workflow.workflow_id}.`,
          ],
        })
      }
    }
    if (usage) {
      const shape = USAGE_VALUES[usage.usage_data_source]
      if (!shape) throw invalid({ usage: [`"${usage.usage_data_source}" is not a valid usage_data_source.`] })
      const values = shape.safeParse(usage.values)
      if (!values.success) {
        throw invalid({
          usage: [
            `Invalid values for ${usage.usage_data_source}: ${values.error.issues[0]?.message ?? 'wrong shape'}.`,
          ],
        })
      }
      project.usage = { usage_data_source: usage.usage_data_source, values: values.data as number | number[] | string }
    }
    if (workflow) project.workflow = { ...project.workflow, ...workflow }
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (project as unknown as Record<string, unknown>)[key] = value
    }
    for (const c of contacts_new ?? []) {
      const id = state.nextContactId++
      state.contacts.set(id, {
        id,
        first_name: c.first_name ?? '',
        family_name: c.family_name ?? '',
        email: c.email ?? '',
        phone: c.phone ?? '',
        date_of_birth: c.date_of_birth ?? null,
        gender: Number(c.gender ?? 0),
        identifier: '',
      })
      project.contactIds.push(id)
    }
    project.modified_date = djangoTime(clock.nowMs())
    state.version++
  }

  async function parseWritable(ctx: RequestContext) {
    const body = await ctx.json(() => detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)'))
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw invalid({ non_field_errors: ['Invalid data. Expected a dictionary.'] })
    const parsed = Writable.safeParse(body)
    if (!parsed.success) {
      const errors: Record<string, string[]> = {}
      for (const issue of parsed.error.issues)
        (errors[String(issue.path[0] ?? 'non_field_errors')] ??= []).push(issue.message)
      throw invalid(errors)
    }
    return parsed.data
  }

  const projectsPath = `/api/orgs/:org_id/projects`
  // Reads answer with or without the trailing slash; writes need it, or they 404.
  routes.add('GET', `${projectsPath}/`, list).add('GET', projectsPath, list)
  routes.add('GET', `${projectsPath}/:id/`, get).add('GET', `${projectsPath}/:id`, get)
  routes.add('POST', `${projectsPath}/`, create)
  routes.add('PATCH', `${projectsPath}/:id/`, update)
  routes.add('DELETE', `${projectsPath}/:id/`, remove)
  registerFileRoutes(routes, state, clock, { base, projectUrl, detail, invalid })

  function list(ctx: RequestContext): Reply {
    const page = Number(ctx.query.get('page') ?? '1')
    const limit = Number(ctx.query.get('limit') ?? '20')
    if (!Number.isInteger(page) || page < 1) throw detail(404, 'Invalid page.')
    if (!Number.isInteger(limit) || limit < 1) throw invalid({ limit: ['A valid integer is required.'] })
    const size = Math.min(limit, 100)
    const fieldset = ctx.query.get('fieldset') ?? 'list'
    if (fieldset !== 'list' && fieldset !== 'studio')
      throw invalid({ fieldset: [`"${fieldset}" is not a valid choice.`] })
    // `ordering=-field` is descending; an unknown field keeps the default, as DRF does.
    const ordering = ctx.query.get('ordering') ?? '-modified_date'
    const field = ordering.replace(/^-/, '')
    const known = field === 'created_date' || field === 'modified_date'
    const key = field === 'created_date' ? 'created_date' : 'modified_date'
    const sign = !known || ordering.startsWith('-') ? -1 : 1
    const all = state.ordered(`${key}:${sign}`, (a, b) => sign * (a[key].localeCompare(b[key]) || a.id - b.id))
    const slice = all.slice((page - 1) * size, page * size)
    if (!slice.length && page > 1) throw detail(404, 'Invalid page.')
    return json(
      200,
      slice.map((p) => (fieldset === 'studio' ? fullShape(ctx, p) : listShape(ctx, p))),
    )
  }

  function get(ctx: RequestContext): Reply {
    return json(200, fullShape(ctx, findProject(ctx.params['id'])))
  }

  async function create(ctx: RequestContext): Promise<Reply> {
    const now = clock.nowMs()
    while (state.creations.length && state.creations[0]! < now - 60_000) state.creations.shift()
    if (state.creations.length >= options.createsPerMinute) {
      const wait = Math.ceil((state.creations[0]! + 60_000 - now) / 1000)
      throw detail(429, `Request was throttled. Expected available in ${wait} seconds.`, {
        'Retry-After': String(wait),
      })
    }
    const body = await parseWritable(ctx)
    const workflow = WORKFLOWS[body.is_residential === false ? 1 : 0]!
    const project: OsProject = {
      id: state.nextProjectId++,
      identifier: '',
      title: body.title ?? body.address ?? 'New project',
      address: '',
      locality: '',
      state: '',
      zip: '',
      country_iso2: 'AU',
      lat: null,
      lon: null,
      is_residential: true,
      lead_source: '',
      notes: '',
      site_notes: '',
      serial_numbers_panels: '',
      serial_numbers_inverters: '',
      serial_numbers_batteries: '',
      number_of_phases: null,
      roof_type: null,
      priority: 2,
      contactIds: [],
      workflow: {
        id: 3_600_000 + state.nextProjectId,
        workflow_id: workflow.id,
        active_stage_id: workflow.stages[0]!.id,
      },
      usage: null,
      systemSummary: '',
      created_date: djangoTime(now),
      modified_date: djangoTime(now),
    }
    applyChanges(project, body)
    state.creations.push(now)
    state.projects.set(project.id, project)
    return json(201, createdShape(ctx, project))
  }

  async function update(ctx: RequestContext): Promise<Reply> {
    const project = findProject(ctx.params['id'])
    applyChanges(project, await parseWritable(ctx))
    return json(200, patchedShape(ctx, project))
  }

  function remove(ctx: RequestContext): Reply {
    const project = findProject(ctx.params['id'])
    state.projects.delete(project.id)
    state.version++
    for (const file of state.files.values()) if (file.projectId === project.id) state.files.delete(file.id)
    return { status: 204 }
  }

  return {
    vendor: 'opensolar',
    routes,
    authenticate(ctx) {
      // Signed download URLs carry their own authorisation.
      if (ctx.path.startsWith('/media/')) return
      const header = ctx.header('authorization')
      if (!header) throw detail(401, 'Authentication credentials were not provided.')
      const [scheme, token] = header.split(' ')
      const demo = token === DEMO_CREDENTIALS.opensolar.token && !state.tokenRevoked
      const issuedAt = demo ? tokenIssuedMs : state.issuedTokens.get(token ?? '')
      if (scheme?.toLowerCase() !== 'bearer' || issuedAt === undefined) throw detail(401, 'Invalid token.')
      if (clock.nowMs() - issuedAt > options.tokenTtlMs) throw detail(401, 'Token has expired.')
      const org = /^\/api\/orgs\/([^/]+)\//.exec(ctx.path)?.[1]
      if (org !== undefined && org !== String(ORG))
        throw detail(403, 'You do not have permission to perform this action.')
      ctx.principal = `org:${ORG}`
    },
    admit(ctx) {
      if (ctx.path.startsWith('/media/')) return
      // 1000 requests per day per org, reads and writes alike (opensolar-private-files.txt, Throttling).
      const now = clock.now()
      const day = now.toISOString().slice(0, 10)
      if (state.budget.day !== day) state.budget = { day, used: 0 }
      if (state.budget.used >= options.dailyLimit) {
        const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
        const wait = Math.ceil((midnight - now.getTime()) / 1000)
        throw detail(429, `Request was throttled. Expected available in ${wait} seconds.`, {
          'Retry-After': String(wait),
        })
      }
      state.budget.used++
    },
    notFound: () => json(404, { detail: 'Not found.' }),
    invalid: (message) => json(400, { detail: message }),
  }
}

function annualUsage(p: OsProject): number {
  if (!p.usage) return 7300
  const { usage_data_source: source, values } = p.usage
  if (typeof values === 'number') return source.startsWith('kwh') ? values : Math.round(values / 0.3)
  if (Array.isArray(values)) {
    const sum = values.reduce((a, b) => a + b, 0)
    const perYear = source === 'kwh_daily_per_month' ? sum * 30.4 : sum
    return Math.round(source.startsWith('kwh') ? perYear : perYear / 0.3)
  }
  return { Low: 4000, Medium: 7300, High: 11000 }[values] ?? 7300
}
