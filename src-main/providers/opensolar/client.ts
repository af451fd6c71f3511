import type { Logger } from '../../logging/logger'
import { NotFoundError, ValidationError } from '../http/errors'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import type { RequestLimiter, RequestPurpose } from '../http/limits'
import { RecordList, type Sorted, sortRecords } from '../http/tolerant-array'
import { TimeSlice } from '../../runtime/time-slice'
import { usageText } from '../../../src-shared/contract'
import { OPENSOLAR_CAPABILITIES } from './capabilities'
import {
  type CreatedLookup,
  type ListOptions,
  type PageOptions,
  type ProjectFields,
  type ProjectPage,
  type Provider,
  type ProviderAttachments,
  type ProviderCapabilities,
  type RemoteProject,
  splitName,
} from '../provider'
import { checkPage, countByProbing, eachProject, pageNumber } from '../paging'
import { openSolarAttachments } from './attachments'
import { type FileUploadOptions, OpenSolarFiles } from './files'
import { isFullProject, OsProject, OsUsage } from './schemas'

export interface OpenSolarConfig {
  /** e.g. https://api.opensolar.com, or the simulator's /opensolar prefix. */
  baseUrl: string
  orgId: number
  /** The bearer token (kept by main's secret store, never logged). */
  token: () => string | Promise<string>
  /** The org's daily budget (1000 requests/day/org). */
  limiter?: RequestLimiter
  fetch?: typeof globalThis.fetch
  log?: Logger
  /** Overrides for tests (timeouts, backoff). */
  http?: Partial<HttpClientConfig>
  files?: FileUploadOptions
}

// The docs give no maximum; DRF's usual cap, and the simulator's, is 100 (src-main/demo/simulators/README.md).
const PAGE_SIZE = 100
/** OpenSolar: the deprecated `stage` is a milestone (opensolar-projects.txt, Deprecations). */
const MILESTONES = ['Presale', 'Lock Pricing', 'Sold', 'Installed', 'Others']

/** Usage as the project answer holds it (a JSON string, as the GET example shows) → canonical text, or null. */
function usageOf(value: unknown): string | null {
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      return null
    }
  }
  const usage = OsUsage.safeParse(parsed)
  return usage.success ? usageText(usage.data) : null
}

/** The project's workflow's stages, from this answer alone (never from answers seen before it). */
function workflowStages(p: OsProject): { id: number; title: string }[] {
  const workflowId = p.workflow?.workflow_id
  return p.workflows?.find((w) => w.id === workflowId)?.workflow_stages ?? []
}

/**
 * The stage's name: the workflow stage when the answer names it, else the deprecated milestone. A
 * function of the answer only, so two clients (or one, restarted) read the same project alike.
 */
function stageOf(p: OsProject): string | null {
  const named = workflowStages(p).find((s) => s.id === p.workflow?.active_stage_id)?.title
  if (named) return named
  return typeof p['stage'] === 'number' ? (MILESTONES[p['stage']] ?? null) : null
}

/** What the docs' stage PATCH sends ("Updating a Project"): the workflow with its stage, and the stage. */
function stageBody(p: OsProject, stage: string): Record<string, unknown> {
  const stages = workflowStages(p)
  const match = stages.find((s) => s.title.toLowerCase() === stage.toLowerCase())
  if (!match || !p.workflow) {
    const known = stages.length ? ` (${stages.map((s) => s.title).join(', ')})` : ''
    throw new ValidationError(
      'opensolar',
      [`"${stage}" is not a stage of this project's workflow${known}. Pick another stage.`],
      null,
    )
  }
  return { workflow: { active_stage_id: match.id, workflow_id: p.workflow.workflow_id }, active_stage_id: match.id }
}

export class OpenSolarClient implements Provider {
  readonly vendor = 'opensolar' as const
  readonly capabilities: ProviderCapabilities = OPENSOLAR_CAPABILITIES
  readonly files: OpenSolarFiles
  readonly attachments: ProviderAttachments
  private readonly http: HttpClient

  constructor(private readonly config: OpenSolarConfig) {
    this.http = new HttpClient({
      vendor: 'opensolar',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      limiter: config.limiter,
      log: config.log,
      authorize: async () => ({ Authorization: `Bearer ${await config.token()}` }),
      ...config.http,
    })
    this.files = new OpenSolarFiles(this.http, config.orgId, config.files)
    this.attachments = openSolarAttachments(this.files)
  }

  private get projectsPath() {
    return `/api/orgs/${this.config.orgId}/projects/`
  }

  /**
   * A page of 100 (the most OpenSolar gives) at a time. A whole listing goes oldest first by creation, so a
   * walk that takes days is not shuffled by projects edited meanwhile (they would jump to the front of a
   * newest-first list and push others back over pages already read); with `since`, newest first by
   * modification, stopping at the first older one.
   */
  async *listPages(options: PageOptions = {}): AsyncIterable<ProjectPage> {
    const ordering = options.since ? '-modified_date' : 'created_date'
    for (let page = pageNumber(options.from, PAGE_SIZE); ; page++) {
      checkPage('opensolar', page, PAGE_SIZE)
      const answer = await this.page(page, { fieldset: 'studio', ordering }, options)
      if (!answer) return
      answer.skipped.forEach((record) => options.onSkipped?.(record))
      const projects: RemoteProject[] = []
      let older = false
      const slice = new TimeSlice()
      for (const item of answer.valid) {
        await slice.maybeYield()
        if (options.since && item.modified_date && Date.parse(item.modified_date) < options.since.getTime()) {
          older = true
          continue
        }
        // A list item without a key the cache keeps would read as that field cleared: read the whole project.
        projects.push(
          isFullProject(item) ? this.toRemote(item) : await this.getProject(String(item.id), options.purpose),
        )
      }
      const last = answer.valid.length + answer.skipped.length < PAGE_SIZE || older
      yield { projects, at: String(page), next: last ? null : String(page + 1) }
      if (last) return
    }
  }

  listProjects(options: ListOptions = {}): AsyncIterable<RemoteProject> {
    return eachProject(this.listPages(options))
  }

  /** The list is a bare array with no count: the last page is found by probing (about 20 light requests at 100,000). */
  countProjects(signal?: AbortSignal): Promise<number> {
    return countByProbing(
      'opensolar',
      async (page) => {
        const answer = await this.page(
          page,
          { fieldset: 'list', ordering: 'created_date' },
          { signal, purpose: 'pull' },
        )
        return answer ? answer.valid.length + answer.skipped.length : 0
      },
      PAGE_SIZE,
    )
  }

  /** One page of the list; null past the last (DRF answers 404 "Invalid page."). */
  private async page(
    page: number,
    query: { fieldset: 'studio' | 'list'; ordering: string },
    options: ListOptions,
  ): Promise<Sorted<OsProject> | null> {
    let listed: unknown[]
    try {
      listed = await this.http.request({
        method: 'GET',
        path: this.projectsPath,
        // studio = the full project, so one page is all a pull needs (the budget is 1000 requests a day).
        query: { page, limit: PAGE_SIZE, ...query },
        schema: RecordList,
        records: true,
        signal: options.signal,
        purpose: options.purpose,
      })
    } catch (error) {
      if (error instanceof NotFoundError && page > 1) return null
      throw error
    }
    return sortRecords(listed, OsProject, 'project')
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    // The list shape, one project: the cheapest request there is (it counts against the day's 1000).
    await this.http.request({
      signal,
      method: 'GET',
      path: this.projectsPath,
      query: { page: 1, limit: 1 },
      schema: RecordList,
      records: true,
      purpose: 'push',
    })
    return `OpenSolar accepted the token for organisation ${this.config.orgId}.`
  }

  async getProject(remoteId: string, purpose?: RequestPurpose): Promise<RemoteProject> {
    return this.toRemote(await this.fetchRaw(remoteId, purpose))
  }

  async createProject(fields: ProjectFields, clientRef: string): Promise<RemoteProject> {
    const { first, last } = splitName(fields.customerName)
    const hasContact = Boolean(first || last || fields.customerEmail || fields.customerPhone)
    const created = await this.http.request({
      method: 'POST',
      path: this.projectsPath,
      json: {
        ...this.fieldsBody(fields),
        identifier: clientRef,
        ...(hasContact
          ? {
              contacts_new: [
                {
                  first_name: first,
                  family_name: last,
                  email: fields.customerEmail ?? '',
                  phone: fields.customerPhone ?? '',
                },
              ],
            }
          : {}),
      },
      schema: OsProject,
    })
    // The 201 answer is partial (opensolar-projects.txt, "Creating a Project"): read the project it made.
    const remote = this.toRemote(isFullProject(created) ? created : await this.fetchRaw(String(created.id), 'push'))
    if (fields.stage && fields.stage !== remote.stage) {
      return this.updateProject(remote.remoteId, { stage: fields.stage }, remote)
    }
    return remote
  }

  /** Our clientRef is in the vendor's reference field, which its list shows. */
  isCreatedBy(remote: RemoteProject, { clientRef }: CreatedLookup): boolean {
    return remote.clientRef === clientRef
  }

  async findCreated({ clientRef, createdAfter }: CreatedLookup): Promise<RemoteProject[]> {
    // A new project is among the most recently modified: walk newest-first, stopping at older ones.
    const since = createdAfter ? new Date(createdAfter.getTime() - 5 * 60_000) : undefined
    for await (const project of this.listProjects({ since, purpose: 'push' }))
      if (project.clientRef === clientRef) return [project]
    return []
  }

  async updateProject(remoteId: string, changes: ProjectFields, current?: RemoteProject): Promise<RemoteProject> {
    const body: Record<string, unknown> = this.fieldsBody(changes)
    if (changes.stage !== undefined && changes.stage !== null) {
      const project = current?.raw ? OsProject.parse(current.raw) : await this.fetchRaw(remoteId, 'push')
      Object.assign(body, stageBody(project, changes.stage))
    }
    return this.patch(remoteId, body)
  }

  /** Energy use, in any of OpenSolar's usage data sources (checked before sending). */
  async updateUsage(remoteId: string, usage: OsUsage): Promise<RemoteProject> {
    const parsed = OsUsage.safeParse(usage)
    if (!parsed.success) {
      throw new ValidationError(
        'opensolar',
        [`usage: ${parsed.error.issues[0]?.message ?? 'invalid'} for ${String(usage.usage_data_source)}`],
        null,
      )
    }
    return this.patch(remoteId, { usage: parsed.data })
  }

  async deleteProject(remoteId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `${this.projectsPath}${remoteId}/` })
  }

  private async patch(remoteId: string, body: Record<string, unknown>): Promise<RemoteProject> {
    // A PATCH of plain fields is safe to repeat; one that adds contacts is not (it is never sent here).
    const updated = await this.http.request({
      method: 'PATCH',
      path: `${this.projectsPath}${remoteId}/`,
      json: body,
      schema: OsProject,
      idempotent: true,
    })
    // The documented answer carries only ids, urls and the workflow ("Updating a Project"): read the rest.
    return this.toRemote(isFullProject(updated) ? updated : await this.fetchRaw(remoteId, 'push'))
  }

  private fetchRaw(remoteId: string, purpose?: RequestPurpose): Promise<OsProject> {
    return this.http.request({ method: 'GET', path: `${this.projectsPath}${remoteId}/`, schema: OsProject, purpose })
  }

  private fieldsBody(fields: ProjectFields): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    const set = (key: string, value: unknown) => value !== undefined && (body[key] = value)
    set('title', fields.title)
    set('address', fields.address)
    set('locality', fields.locality)
    set('state', fields.region)
    set('zip', fields.postcode)
    set('country_iso2', fields.country)
    set('lat', fields.lat)
    set('lon', fields.lng)
    set('notes', fields.notes)
    set('site_notes', fields.siteNotes)
    // The queue holds usage as canonical JSON text (usageText); OpenSolar takes the object.
    if (fields.usage) set('usage', OsUsage.parse(JSON.parse(fields.usage)))
    set('serial_numbers_panels', fields.serials?.panels)
    set('serial_numbers_inverters', fields.serials?.inverters)
    set('serial_numbers_batteries', fields.serials?.batteries)
    return body
  }

  private toRemote(p: OsProject): RemoteProject {
    const contact = p.contacts_data?.[0]
    const summary = (p.systems?.[0] as { summary?: unknown } | undefined)?.summary
    return {
      remoteId: String(p.id),
      clientRef: p.identifier || null,
      title: p.title ?? p.address ?? '',
      address: p.address ?? '',
      locality: p.locality ?? '',
      region: p.state ?? '',
      postcode: p.zip ?? '',
      country: p.country_iso2 ?? '',
      lat: p.lat ?? null,
      lng: p.lon ?? null,
      stage: stageOf(p),
      customerName: contact
        ? (contact.display ?? `${contact.first_name ?? ''} ${contact.family_name ?? ''}`.trim()) || null
        : null,
      customerEmail: contact?.email || null,
      customerPhone: contact?.phone || null,
      notes: p.notes ?? '',
      siteNotes: p.site_notes ?? '',
      serials: {
        panels: p.serial_numbers_panels ?? '',
        inverters: p.serial_numbers_inverters ?? '',
        batteries: p.serial_numbers_batteries ?? '',
      },
      usage: usageOf(p['usage']),
      buildDate: null,
      mailingAddress: null,
      systemSummary: typeof summary === 'string' && summary ? summary : null,
      createdAt: p.created_date ?? null,
      modifiedAt: p.modified_date ?? null,
      raw: p,
    }
  }
}
