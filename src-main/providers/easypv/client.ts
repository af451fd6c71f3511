// Easy PV / heatpunk Open API (easypv-projects.txt): create, list by owner and date range, update (204),
// soft and hard delete. There is no single-project read: lists are walked by date range.
import { z } from 'zod'
import { EASYPV_STATUSES } from '../../../src-shared/contract/constants'
import type { Logger } from '../../logging/logger'
import { NotFoundError, ValidationError } from '../http/errors'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import type { RequestLimiter } from '../http/limits'
import { EASYPV_CAPABILITIES } from './capabilities'
import { RecordList, sortRecords } from '../http/tolerant-array'
import { mapInSlices } from '../../runtime/time-slice'
import { eachProject } from '../paging'
import type {
  CreatedLookup,
  ListOptions,
  PageOptions,
  ProjectFields,
  ProjectPage,
  Provider,
  ProviderCapabilities,
  RemoteProject,
} from '../provider'

export interface EasyPvConfig {
  /** e.g. https://heatpunk.co.uk, or the simulator's /easypv prefix. */
  baseUrl: string
  apiKey: () => string | Promise<string>
  /** The Easy PV Pro team member whose projects these are. */
  userEmail: string
  /** Lists are asked for in windows of at most this many days (the simulator refuses more than 366). */
  windowDays?: number
  /** No project is older than this (the walk of date ranges starts here). */
  earliest?: string
  now?: () => Date
  limiter?: RequestLimiter
  fetch?: typeof globalThis.fetch
  log?: Logger
  http?: Partial<HttpClientConfig>
}

// A list item as easypv-projects.txt shows it: no crmReference, no customer email or phone.
const ListedProject = z.looseObject({
  ID: z.number(),
  owner: z.number().optional(),
  dateCreated: z.string(),
  dateModified: z.string().nullish(),
  projectName: z.string().nullish(),
  customerName: z.string().nullish(),
  address: z.string().nullish(),
  postcode: z.string().nullish(),
  lat: z.number().nullish(),
  lng: z.number().nullish(),
  status: z.string().nullish(),
})
const ListAnswer = z.looseObject({ status: z.literal('success'), projects: RecordList })
/** "A successful call returns a JSON object containing a projectId": nothing else is promised. */
const CreateAnswer = z.looseObject({ projectId: z.number() })
type ListedProject = z.infer<typeof ListedProject>

/** Easy PV keeps coordinates in single precision (the doc's example: 52.193912506103516). */
const COORDINATE_TOLERANCE = 1e-5
/** Our clock and Easy PV's may disagree: a create is looked for from a little before it was first sent. */
const CLOCK_MARGIN_MS = 10 * 60_000

const DAY = 86_400_000

export class EasyPvClient implements Provider {
  readonly vendor = 'easypv' as const
  readonly capabilities: ProviderCapabilities = EASYPV_CAPABILITIES
  private readonly http: HttpClient
  private readonly now: () => Date

  constructor(private readonly config: EasyPvConfig) {
    this.now = config.now ?? (() => new Date())
    this.http = new HttpClient({
      vendor: 'easypv',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      limiter: config.limiter,
      log: config.log,
      authorize: async () => ({ 'X-API-KEY': await config.apiKey() }),
      ...config.http,
    })
  }

  /** Every project, walking date ranges of creation from `earliest` to today, one range a page; `since` filters on dateModified. */
  async *listPages(options: PageOptions = {}): AsyncIterable<ProjectPage> {
    const from = options.from ? Date.parse(options.from) : startOfDay(new Date(this.config.earliest ?? '2015-01-01'))
    if (!Number.isFinite(from)) throw new RangeError(`Not a date to resume from: ${options.from}`)
    for (const window of this.windows(from, this.now())) {
      const listed = await this.listWindow(window, options)
      const since = options.since?.getTime()
      const wanted = listed.filter((item) => !(since && Date.parse(item.dateModified ?? item.dateCreated) < since))
      yield {
        projects: await mapInSlices(wanted, toRemote),
        at: ymd(window.start),
        next: window.next === null ? null : ymd(window.next),
      }
    }
  }

  listProjects(options: ListOptions = {}): AsyncIterable<RemoteProject> {
    return eachProject(this.listPages(options))
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    const today = this.now()
    await this.listCreatedBetween(today, today, { signal })
    return `Easy PV accepted the API key for ${this.config.userEmail}.`
  }

  async getProject(remoteId: string): Promise<RemoteProject> {
    for await (const project of this.listProjects()) if (project.remoteId === remoteId) return project
    throw new NotFoundError('easypv', `Easy PV has no project ${remoteId} (it may have been deleted).`)
  }

  async createProject(fields: ProjectFields, clientRef: string): Promise<RemoteProject> {
    // crmReference is a documented meta field: it links the project to ours in Easy PV, though no list shows it.
    const meta: Record<string, string | number> = { ...this.meta(fields), crmReference: clientRef }
    const { projectId } = await this.http.request({
      method: 'POST',
      path: '/api/v1/projects/create',
      json: { owner: this.config.userEmail, meta },
      schema: CreateAnswer,
    })
    const now = this.now().toISOString()
    return toRemote({
      ID: projectId,
      dateCreated: now,
      dateModified: now,
      ...meta,
      status: String(meta['status'] ?? 'Lead'),
    })
  }

  /**
   * The list shows no crmReference (easypv-projects.txt), so a create whose answer was lost is looked
   * for by what the list does show: created since it was first sent, with every listed field as sent
   * (or as Easy PV's default where nothing was sent). Sync adopts one candidate and never guesses between two.
   */
  async findCreated(request: CreatedLookup): Promise<RemoteProject[]> {
    const from = request.createdAfter
      ? new Date(request.createdAfter.getTime() - CLOCK_MARGIN_MS)
      : new Date(this.config.earliest ?? '2015-01-01')
    const listed = await this.listCreatedBetween(from, this.now(), { purpose: 'push' })
    return listed.map(toRemote).filter((remote) => this.isCreatedBy(remote, request))
  }

  /**
   * The list shows no crmReference (easypv-projects.txt), so a project is recognised as a create's by
   * what the list does show: created no earlier than it was first sent, with every listed field as sent
   * (or as Easy PV's default where nothing was sent). Sync adopts one such project, never one of two.
   */
  isCreatedBy(remote: RemoteProject, { fields, createdAfter }: CreatedLookup): boolean {
    const text = (v: string | null | undefined) => (v ?? '').trim()
    const near = (a: number | null, b: number | null | undefined) =>
      a === null || b === null || b === undefined ? a === (b ?? null) : Math.abs(a - b) <= COORDINATE_TOLERANCE
    const status = EASYPV_STATUSES.find((s) => s.toLowerCase() === fields.stage?.toLowerCase()) ?? 'Lead'
    const raw = remote.raw as ListedProject
    return (
      (!createdAfter || Date.parse(raw.dateCreated) >= createdAfter.getTime() - CLOCK_MARGIN_MS) &&
      text(raw.projectName) === text(fields.title) &&
      text(raw.customerName) === text(fields.customerName) &&
      text(raw.address) === text(fields.address) &&
      text(raw.postcode) === text(fields.postcode) &&
      text(raw.status) === status &&
      near(remote.lat, fields.lat) &&
      near(remote.lng, fields.lng)
    )
  }

  async updateProject(remoteId: string, changes: ProjectFields): Promise<undefined> {
    await this.http.request({
      method: 'PATCH',
      path: '/api/v1/projects/update',
      json: { projectId: Number(remoteId), userEmail: this.config.userEmail, data: { meta: this.meta(changes) } },
      // Setting the same meta twice leaves the same project.
      idempotent: true,
    })
    return undefined // 204: Easy PV does not say what it now holds
  }

  /** Soft delete: reversible in Easy PV. */
  async deleteProject(remoteId: string): Promise<void> {
    await this.remove('softDelete', remoteId)
  }

  /** Permanent delete, with the project's data. */
  async hardDeleteProject(remoteId: string): Promise<void> {
    await this.remove('hardDelete', remoteId)
  }

  private async remove(kind: 'softDelete' | 'hardDelete', remoteId: string): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: `/api/v1/projects/${kind}`,
      json: { projectId: Number(remoteId), userEmail: this.config.userEmail },
    })
  }

  /** Project meta from our fields, enums checked before anything is sent. */
  private meta(fields: ProjectFields): Record<string, string | number> {
    const meta: Record<string, string | number> = {}
    if (fields.stage !== undefined && fields.stage !== null) {
      const status = EASYPV_STATUSES.find((s) => s.toLowerCase() === fields.stage!.toLowerCase())
      if (!status)
        throw new ValidationError(
          'easypv',
          [`"${fields.stage}" is not an Easy PV status (${EASYPV_STATUSES.join(', ')}). Pick another.`],
          null,
        )
      meta['status'] = status
    }
    const set = (key: string, value: string | number | null | undefined) =>
      value !== undefined && value !== null && (meta[key] = value)
    set('projectName', fields.title)
    set('address', fields.address)
    set('postcode', fields.postcode)
    set('lat', fields.lat)
    set('lng', fields.lng)
    set('customerName', fields.customerName)
    set('customerEmail', fields.customerEmail)
    set('customerPhone', fields.customerPhone)
    set('buildDate', fields.buildDate)
    return meta
  }

  private async listCreatedBetween(from: Date, to: Date, options: ListOptions = {}): Promise<ListedProject[]> {
    const out: ListedProject[] = []
    for (const window of this.windows(startOfDay(from), to)) out.push(...(await this.listWindow(window, options)))
    return out
  }

  /** Creation-date ranges of `windowDays` (the docs give no limit; their example spans six months). */
  private *windows(from: number, to: Date): Iterable<{ start: number; end: number; next: number | null }> {
    const windowDays = this.config.windowDays ?? 366
    const last = startOfDay(to)
    for (let start = from; start <= last; start += windowDays * DAY) {
      const end = Math.min(start + (windowDays - 1) * DAY, last)
      yield { start, end, next: end < last ? start + windowDays * DAY : null }
    }
  }

  private async listWindow(window: { start: number; end: number }, options: ListOptions): Promise<ListedProject[]> {
    const answer = await this.http.request({
      method: 'POST',
      path: '/api/v1/projects/list',
      json: { userEmail: this.config.userEmail, start: ymd(window.start), end: ymd(window.end) },
      schema: ListAnswer,
      records: true,
      // A list changes nothing, whatever the verb.
      idempotent: true,
      purpose: options.purpose ?? 'pull',
      signal: options.signal,
    })
    const projects = await sortRecords(answer.projects, ListedProject, 'project')
    projects.skipped.forEach((record) => options.onSkipped?.(record))
    return projects.valid
  }
}

const startOfDay = (d: Date): number => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10)

function toRemote(p: ListedProject): RemoteProject {
  return {
    remoteId: String(p.ID),
    // The list never shows crmReference: our id for the project is kept in the cache, not read back.
    clientRef: null,
    // The title is what is written to projectName; the address is a field of its own.
    title: p.projectName || p.address || `Project ${p.ID}`,
    address: p.address ?? '',
    locality: '',
    region: '',
    postcode: p.postcode ?? '',
    country: 'GB',
    lat: p.lat ?? null,
    lng: p.lng ?? null,
    stage: p.status ?? null,
    customerName: p.customerName || null,
    customerEmail: typeof p['customerEmail'] === 'string' ? p['customerEmail'] : null,
    customerPhone: typeof p['customerPhone'] === 'string' ? p['customerPhone'] : null,
    notes: '',
    siteNotes: '',
    serials: { panels: '', inverters: '', batteries: '' },
    usage: null,
    // Not in the list (the only read Easy PV has): kept here, sent when changed.
    buildDate: null,
    mailingAddress: null,
    systemSummary: null,
    createdAt: p.dateCreated,
    modifiedAt: p.dateModified ?? p.dateCreated,
    raw: p,
  }
}
