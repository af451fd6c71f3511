import { z } from 'zod'
import { PermissionError } from '../http/errors'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import { SerialQueue } from '../http/limits'
import { RecordList, type RecordKind, type SkippedRecord, sortRecords } from '../http/tolerant-array'
import { mapInSlices } from '../../runtime/time-slice'
import { LOCUS_CAPABILITIES } from './capabilities'
import { eachProject } from '../paging'
import type {
  ListOptions,
  PageOptions,
  ProjectPage,
  Provider,
  ProviderCapabilities,
  ProviderMonitoring,
  RemoteProject,
} from '../provider'
import { locusMonitoring } from './monitoring'
import { type LocusAuthConfig, LocusAuth } from './oauth'
import { type Granularity, splitRange } from './range-split'
import {
  Alert,
  BaseField,
  DataRow,
  InstallInfo,
  LocusClientRecord,
  LocusComponentRecord,
  LocusSiteRecord,
  ModelSettings,
} from './schemas'

/** Where a record Locus listed but Solar Field could not read is told (sync's report; else the log). */
export type OnSkipped = (record: SkippedRecord) => void

export interface LocusConfig extends Omit<LocusAuthConfig, 'http'> {
  partnerId: number
  http?: Partial<HttpClientConfig>
}

export interface DataRequest {
  fields: readonly string[]
  /** Local wall-clock times in `tz`, YYYY-MM-DDThh:mm:ss (ignored for 'latest'). */
  start?: string
  end?: string
  tz: string
  gran: Granularity
}

export interface AlertQuery {
  tz: string
  updatedSince?: string
  openDuringMin?: string
  openDuringMax?: string
  alertType?: string[]
  status?: 'open' | 'closed'
  priority?: ('high' | 'medium' | 'low')[]
}

const DAY = 86_400_000
const OPEN_DURING_LIMIT = 31 * DAY // partner alerts: "limited to 31 days"

/**
 * Locus Energy v3: a read-only monitoring tree and its time series. Every request goes through one queue
 * per account, token requests inside the slot of the request that needed them: Locus serves one request
 * at a time per client.
 */
export class LocusClient implements Provider {
  readonly vendor = 'locus' as const
  readonly capabilities: ProviderCapabilities = LOCUS_CAPABILITIES
  private readonly http: HttpClient
  readonly auth: LocusAuth
  readonly monitoring: ProviderMonitoring = locusMonitoring(this)

  constructor(private readonly config: LocusConfig) {
    const queue = new SerialQueue()
    // Token requests run inside the slot of the API request that needs them (authorize() is called there),
    // so they are serialised with everything else without queueing twice (which would deadlock).
    this.auth = new LocusAuth({ ...config, http: config.http })
    this.http = new HttpClient({
      vendor: 'locus',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      log: config.log,
      limiter: queue,
      authorize: async () => ({ Authorization: `Bearer ${await this.auth.accessToken()}`, 'Accept-Encoding': 'gzip' }),
      refreshAuth: async () => {
        this.auth.invalidate()
        return true
      },
      ...config.http,
    })
  }

  private get<T>(path: string, schema: z.ZodType<T>, query?: Record<string, string | undefined>): Promise<T> {
    return this.http.request({ method: 'GET', path: `/v3${path}`, query, schema })
  }

  /**
   * A list as Locus wraps it (`{"statusCode": 200, "<key>": [...]}`), read record by record: one it
   * cannot read is left out and told, the rest are kept.
   */
  private async records<T extends z.ZodType>(
    path: string,
    key: string,
    item: T,
    kind: RecordKind,
    query?: Record<string, string | undefined>,
    onSkipped?: OnSkipped,
    signal?: AbortSignal,
  ): Promise<z.output<T>[]> {
    const answer = await this.http.request({
      method: 'GET',
      path: `/v3${path}`,
      query,
      signal,
      schema: z.looseObject({ statusCode: z.number().optional(), [key]: RecordList }),
      records: true,
    })
    const sorted = await sortRecords(answer[key] as unknown[], item, kind)
    for (const skipped of sorted.skipped)
      if (onSkipped) onSkipped(skipped)
      else this.config.log?.warn(`Locus: a ${kind} of ${path} was left out (${skipped.reason})`)
    return sorted.valid
  }

  // --- the tree ---
  clients(onSkipped?: OnSkipped, signal?: AbortSignal): Promise<z.infer<typeof LocusClientRecord>[]> {
    const path = `/partners/${this.config.partnerId}/clients`
    return this.records(path, 'clients', LocusClientRecord, 'client', undefined, onSkipped, signal)
  }
  client(id: number) {
    return this.get(`/clients/${id}`, LocusClientRecord)
  }
  sites(clientId?: number, onSkipped?: OnSkipped): Promise<LocusSiteRecord[]> {
    const path = clientId === undefined ? `/partners/${this.config.partnerId}/sites` : `/clients/${clientId}/sites`
    return this.records(path, 'sites', LocusSiteRecord, 'project', undefined, onSkipped)
  }
  site(id: number) {
    return this.get(`/sites/${id}`, LocusSiteRecord)
  }
  installInfo(siteId: number) {
    return this.get(`/sites/${siteId}/installinfo`, InstallInfo)
  }
  modelSettings(siteId: number) {
    return this.get(`/sites/${siteId}/modelsettings`, ModelSettings)
  }
  components(
    of: { site: number } | { client: number } | { partner: true; nodeId?: string },
    onSkipped?: OnSkipped,
  ): Promise<LocusComponentRecord[]> {
    const path =
      'site' in of
        ? `/sites/${of.site}/components`
        : 'client' in of
          ? `/clients/${of.client}/components`
          : `/partners/${this.config.partnerId}/components`
    const query = 'partner' in of ? { nodeId: of.nodeId } : undefined
    return this.records(path, 'components', LocusComponentRecord, 'device', query, onSkipped)
  }
  component(id: number) {
    return this.get(`/components/${id}`, LocusComponentRecord)
  }

  // --- data ---
  /** One field Solar Field cannot read leaves the others usable. */
  dataAvailable(
    of: { component: number } | { site: number } | { partnerSites: true },
    onSkipped?: OnSkipped,
  ): Promise<z.infer<typeof BaseField>[]> {
    const path =
      'component' in of
        ? `/components/${of.component}/dataavailable`
        : 'site' in of
          ? `/sites/${of.site}/dataavailable`
          : `/partners/${this.config.partnerId}/sites/dataavailable`
    return this.records(path, 'baseFields', BaseField, 'data field', undefined, onSkipped)
  }

  /**
   * Time series for any range: split into the fewest requests the granularity's limit allows, sent one
   * at a time, merged in time order, and de-duplicated by (entity, timestamp) at the seams.
   */
  async data(
    of: { component: number } | { site: number },
    request: DataRequest,
    onSkipped?: OnSkipped,
    signal?: AbortSignal,
  ): Promise<DataRow[]> {
    const path = 'component' in of ? `/components/${of.component}/data` : `/sites/${of.site}/data`
    const base = { fields: request.fields.join(','), tz: request.tz, gran: request.gran }
    if (request.gran === 'latest') return this.rows(path, base, onSkipped, signal)
    if (!request.start || !request.end) throw new Error('start and end are required unless gran is latest')
    const rows: DataRow[] = []
    for (const piece of splitRange({ start: request.start, end: request.end }, request.gran)) {
      rows.push(...(await this.rows(path, { ...base, ...piece }, onSkipped, signal)))
    }
    return dedupe(rows)
  }

  /** The latest reading of a component. */
  async latest(componentId: number, fields: readonly string[], tz: string): Promise<DataRow | undefined> {
    return (await this.data({ component: componentId }, { fields, tz, gran: 'latest' }))[0]
  }

  /** Monthly data of every site in one request per year (the bulk API: monthly only, ≤ 1 year per call). */
  async bulkSiteData(request: Omit<DataRequest, 'gran'> & { start: string; end: string }): Promise<DataRow[]> {
    const rows: DataRow[] = []
    let cursor = request.start
    while (cursor < request.end) {
      const next = `${Number(cursor.slice(0, 4)) + 1}${cursor.slice(4)}`
      const end = next < request.end ? next : request.end
      rows.push(
        ...(await this.rows(`/partners/${this.config.partnerId}/sites/data`, {
          fields: request.fields.join(','),
          tz: request.tz,
          gran: 'monthly',
          start: cursor,
          end,
        })),
      )
      cursor = end
    }
    return dedupe(rows)
  }

  private rows(
    path: string,
    query: Record<string, string>,
    onSkipped?: OnSkipped,
    signal?: AbortSignal,
  ): Promise<DataRow[]> {
    return this.records(path, 'data', DataRow, 'reading', query, onSkipped, signal)
  }

  // --- alerts ---
  /**
   * Alerts of the partner, a site or a component. At partner level Locus wants updatedSince (≤ 7 days
   * ago) or an openDuring window (≤ 31 days): a longer window is asked for in 31-day pieces.
   */
  async alerts(
    of: { partner: true } | { site: number } | { component: number },
    query: AlertQuery,
    onSkipped?: OnSkipped,
  ): Promise<z.infer<typeof Alert>[]> {
    const path =
      'partner' in of
        ? `/partners/${this.config.partnerId}/alerts`
        : 'site' in of
          ? `/sites/${of.site}/alerts`
          : `/components/${of.component}/alerts`
    const common = {
      tz: query.tz,
      updatedSince: query.updatedSince,
      alertType: query.alertType?.join(','),
      status: query.status,
      priority: query.priority?.join(','),
    }
    const windows =
      'partner' in of && query.openDuringMin && query.openDuringMax
        ? splitWindow(query.openDuringMin, query.openDuringMax, OPEN_DURING_LIMIT)
        : [{ min: query.openDuringMin, max: query.openDuringMax }]
    const seen = new Map<number, z.infer<typeof Alert>>()
    for (const window of windows) {
      const alerts = await this.records(
        path,
        'alerts',
        Alert,
        'alert',
        { ...common, openDuringMin: window.min, openDuringMax: window.max },
        onSkipped,
      )
      for (const alert of alerts) seen.set(alert.id, alert)
    }
    return [...seen.values()]
  }

  // --- Provider: monitored sites as read-only projects, so they appear on the map and in search ---
  /** All sites in one page: the partner's listing is not paged. */
  async *listPages(options: PageOptions = {}): AsyncIterable<ProjectPage> {
    const clients = new Map((await this.clients(options.onSkipped)).map((c) => [c.id, c]))
    const sites = await this.sites(undefined, options.onSkipped)
    const projects = await mapInSlices(sites, (site) => siteToProject(site, clients.get(site.clientId)))
    yield { projects, at: '1', next: null }
  }

  listProjects(options: ListOptions = {}): AsyncIterable<RemoteProject> {
    return eachProject(this.listPages(options))
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    const clients = await this.clients(undefined, signal)
    return `Locus Energy signed in: partner ${this.config.partnerId}, ${clients.length} client${clients.length === 1 ? '' : 's'}.`
  }

  async getProject(remoteId: string): Promise<RemoteProject> {
    const site = await this.site(Number(remoteId))
    return siteToProject(site, await this.client(site.clientId))
  }

  createProject(): Promise<RemoteProject> {
    return Promise.reject(readOnly())
  }
  isCreatedBy(): boolean {
    return false
  }
  findCreated(): Promise<RemoteProject[]> {
    return Promise.resolve([])
  }
  updateProject(): Promise<RemoteProject> {
    return Promise.reject(readOnly())
  }
  deleteProject(): Promise<void> {
    return Promise.reject(readOnly())
  }
}

const readOnly = () => new PermissionError('locus', 'Locus Energy monitoring is read-only in Solar Field.')

function siteToProject(site: LocusSiteRecord, client?: z.infer<typeof LocusClientRecord>): RemoteProject {
  return {
    remoteId: String(site.id),
    clientRef: null,
    title: site.name,
    address: [site.address1, site.address2].filter(Boolean).join(', '),
    locality: site.locale3 ?? '',
    region: site.localeCode1 ?? site.locale1 ?? '',
    postcode: site.postalCode ?? '',
    country: site.countryCode ?? '',
    lat: site.latitude ?? null,
    lng: site.longitude ?? null,
    stage: null,
    customerName: client ? `${client.firstName} ${client.lastName}`.trim() : null,
    customerEmail: client?.email ?? null,
    customerPhone: null,
    notes: '',
    siteNotes: '',
    serials: { panels: '', inverters: '', batteries: '' },
    usage: null,
    buildDate: null,
    mailingAddress: null,
    systemSummary: null,
    createdAt: null,
    modifiedAt: null,
    raw: site,
  }
}

function dedupe(rows: DataRow[]): DataRow[] {
  const byKey = new Map<string, DataRow>()
  for (const row of rows) byKey.set(`${row.id ?? ''}|${row.ts}`, row)
  return [...byKey.values()].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || (a.id ?? 0) - (b.id ?? 0))
}

function splitWindow(min: string, max: string, limitMs: number): { min: string; max: string }[] {
  const out: { min: string; max: string }[] = []
  const end = Date.parse(`${max}Z`)
  for (let cursor = Date.parse(`${min}Z`); cursor < end; cursor += limitMs) {
    out.push({
      min: new Date(cursor).toISOString().slice(0, 19),
      max: new Date(Math.min(end, cursor + limitMs)).toISOString().slice(0, 19),
    })
  }
  return out
}
