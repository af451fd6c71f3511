import { z } from 'zod'
import type { Logger } from '../../logging/logger'
import { NotFoundError, ValidationError } from '../http/errors'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import type { RequestLimiter } from '../http/limits'
import { CAPABILITIES } from '../capabilities'
import {
  type ListOptions,
  type ProjectFields,
  type Provider,
  type ProviderAttachments,
  type ProviderCapabilities,
  type RemoteProject,
  splitName,
} from '../provider'
import { openSolarAttachments } from './attachments'
import { type FileUploadOptions, OpenSolarFiles } from './files'
import { OsProject, OsUsage, openSolarErrorMessages } from './schemas'

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

const PAGE_SIZE = 100
/** OpenSolar: the deprecated `stage` is a milestone (opensolar-projects.txt, Deprecations). */
const MILESTONES = ['Presale', 'Lock Pricing', 'Sold', 'Installed', 'Others']

export class OpenSolarClient implements Provider {
  readonly vendor = 'opensolar' as const
  readonly capabilities: ProviderCapabilities = CAPABILITIES.opensolar
  readonly files: OpenSolarFiles
  readonly attachments: ProviderAttachments
  private readonly http: HttpClient
  private readonly stagesByWorkflow = new Map<number, { id: number; title: string }[]>()

  constructor(private readonly config: OpenSolarConfig) {
    this.http = new HttpClient({
      vendor: 'opensolar',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      limiter: config.limiter,
      log: config.log,
      authorize: async () => ({ Authorization: `Bearer ${await config.token()}` }),
      errorMessages: openSolarErrorMessages,
      ...config.http,
    })
    this.files = new OpenSolarFiles(this.http, config.orgId, config.files)
    this.attachments = openSolarAttachments(this.files)
  }

  private get projectsPath() {
    return `/api/orgs/${this.config.orgId}/projects/`
  }

  async *listProjects(options: ListOptions = {}): AsyncIterable<RemoteProject> {
    for (let page = 1; ; page++) {
      let items: OsProject[]
      try {
        items = await this.http.request({
          method: 'GET',
          path: this.projectsPath,
          // studio = the full project, so one page is all a pull needs (the budget is 1000 requests a day).
          query: { page, limit: PAGE_SIZE, fieldset: 'studio', ordering: '-modified_date' },
          schema: z.array(OsProject),
          signal: options.signal,
          purpose: options.purpose,
        })
      } catch (error) {
        // DRF answers 404 "Invalid page." past the last page.
        if (error instanceof NotFoundError && page > 1) return
        throw error
      }
      let older = false
      for (const item of items) {
        if (options.since && Date.parse(item.modified_date) < options.since.getTime()) {
          older = true
          continue
        }
        yield this.toRemote(item)
      }
      if (items.length < PAGE_SIZE || older) return
    }
  }

  async getProject(remoteId: string): Promise<RemoteProject> {
    return this.toRemote(
      await this.http.request({ method: 'GET', path: `${this.projectsPath}${remoteId}/`, schema: OsProject }),
    )
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
    const remote = this.toRemote(created)
    if (fields.stage && fields.stage !== remote.stage) {
      return (await this.updateProject(remote.remoteId, { stage: fields.stage }, remote)) ?? remote
    }
    return remote
  }

  async findByClientRef(clientRef: string, createdAfter?: Date): Promise<RemoteProject | undefined> {
    // A new project is among the most recently modified: walk newest-first, stopping at older ones.
    const since = createdAfter ? new Date(createdAfter.getTime() - 5 * 60_000) : undefined
    for await (const project of this.listProjects({ since, purpose: 'push' }))
      if (project.clientRef === clientRef) return project
    return undefined
  }

  async updateProject(remoteId: string, changes: ProjectFields, current?: RemoteProject): Promise<RemoteProject> {
    const body: Record<string, unknown> = this.fieldsBody(changes)
    if (changes.stage !== undefined && changes.stage !== null) {
      const project = current?.raw ? OsProject.parse(current.raw) : await this.fetchRaw(remoteId)
      body['workflow'] = { active_stage_id: this.stageId(project, changes.stage) }
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
    return this.toRemote(updated)
  }

  private async fetchRaw(remoteId: string): Promise<OsProject> {
    return this.http.request({
      method: 'GET',
      path: `${this.projectsPath}${remoteId}/`,
      schema: OsProject,
      purpose: 'push',
    })
  }

  private stageId(project: OsProject, stage: string): number {
    const stages = this.stagesOf(project)
    const match = stages.find((s) => s.title.toLowerCase() === stage.toLowerCase())
    if (!match) {
      throw new ValidationError(
        'opensolar',
        [
          `"${stage}" is not a stage of this project's workflow${stages.length ? ` (${stages.map((s) => s.title).join(', ')})` : ''}. Pick another stage.`,
        ],
        null,
      )
    }
    return match.id
  }

  private stagesOf(project: OsProject): { id: number; title: string }[] {
    for (const workflow of project.workflows ?? []) {
      if (workflow.workflow_stages?.length) this.stagesByWorkflow.set(workflow.id, workflow.workflow_stages)
    }
    return project.workflow ? (this.stagesByWorkflow.get(project.workflow.workflow_id) ?? []) : []
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
    set('serial_numbers_panels', fields.serials?.panels)
    set('serial_numbers_inverters', fields.serials?.inverters)
    set('serial_numbers_batteries', fields.serials?.batteries)
    return body
  }

  private toRemote(p: OsProject): RemoteProject {
    const contact = p.contacts_data?.[0]
    const stages = this.stagesOf(p)
    const stage =
      stages.find((s) => s.id === p.workflow?.active_stage_id)?.title ?? MILESTONES[Number(p['stage'] ?? -1)] ?? null
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
      stage,
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
      systemSummary: typeof summary === 'string' && summary ? summary : null,
      createdAt: p.created_date ?? null,
      modifiedAt: p.modified_date,
      raw: p,
    }
  }
}
