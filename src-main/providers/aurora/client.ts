// Aurora Solar projects (aurora-api-versioning.txt). The client speaks one pinned version
// and reads both the pre-2024.05 shape (address, customer_address) and the 2024.05 one (property_address
// + location, mailing_address) into one model.
import { z } from 'zod'
import type { Logger } from '../../logging/logger'
import { AURORA_CAPABILITIES } from './capabilities'
import { PermissionError } from '../http/errors'
import { type AddressParts, changedAddressLine, type ReadAddress, readAddress } from './address'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import { RecordList, type Sorted, sortRecords } from '../http/tolerant-array'
import { mapInSlices } from '../../runtime/time-slice'
import type { RequestLimiter } from '../http/limits'
import { checkPage, countByProbing, eachProject, pageNumber } from '../paging'
import {
  type CreatedLookup,
  type ListOptions,
  type PageOptions,
  type ProjectPage,
  type ProjectFields,
  type Provider,
  type ProviderCapabilities,
  type RemoteProject,
  splitName,
} from '../provider'

export type AuroraVersion = '2022.09' | '2024.05'

export interface AuroraConfig {
  baseUrl: string
  tenantId: string
  token: () => string | Promise<string>
  version: AuroraVersion
  /** Send Aurora-API-Version (sandbox only: production ignores it, the key's version rules). */
  sendVersionHeader?: boolean
  limiter?: RequestLimiter
  fetch?: typeof globalThis.fetch
  log?: Logger
  http?: Partial<HttpClientConfig>
}

const text = z.string().nullish()
const AuroraProject = z.looseObject({
  id: z.string(),
  external_provider_id: text,
  name: text,
  customer_first_name: text,
  customer_last_name: text,
  customer_email: text,
  customer_phone: text,
  // before 2024.05
  address: text,
  customer_address: text,
  updated_at: text,
  // 2024.05
  property_address: text,
  mailing_address: text,
  location: z
    .looseObject({
      property_address: text,
      latitude: z.number().nullish(),
      longitude: z.number().nullish(),
      // Reported by integrators, beside the documented fields: the address in parts.
      property_address_components: z
        .looseObject({ street_address: text, city: text, region: text, postal_code: text, country: text })
        .nullish(),
    })
    .nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  project_type: text,
  created_at: text,
})
type AuroraProject = z.infer<typeof AuroraProject>
const PER_PAGE = 250

export class AuroraClient implements Provider {
  readonly vendor = 'aurora' as const
  readonly capabilities: ProviderCapabilities = AURORA_CAPABILITIES
  private readonly http: HttpClient

  constructor(private readonly config: AuroraConfig) {
    this.http = new HttpClient({
      vendor: 'aurora',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      limiter: config.limiter,
      log: config.log,
      authorize: async () => ({
        Authorization: `Bearer ${await config.token()}`,
        ...(config.sendVersionHeader ? { 'Aurora-API-Version': config.version } : {}),
      }),
      ...config.http,
    })
  }

  private get projects() {
    return `/tenants/${encodeURIComponent(this.config.tenantId)}/projects`
  }

  /** Newest first, 250 a page. 2024.05 has no updated_at, so `since` can only filter the older shape. */
  async *listPages(options: PageOptions = {}): AsyncIterable<ProjectPage> {
    for (let page = pageNumber(options.from, PER_PAGE); ; page++) {
      checkPage('aurora', page, PER_PAGE)
      const listed = await this.page(page, PER_PAGE, options)
      listed.skipped.forEach((record) => options.onSkipped?.(record))
      const last = listed.valid.length + listed.skipped.length < PER_PAGE
      const since = options.since?.getTime()
      const wanted = listed.valid.filter((p) => !(since && p.updated_at && Date.parse(p.updated_at) < since))
      yield {
        projects: await mapInSlices(wanted, toRemote),
        at: String(page),
        next: last ? null : String(page + 1),
      }
      if (last) return
    }
  }

  listProjects(options: ListOptions = {}): AsyncIterable<RemoteProject> {
    return eachProject(this.listPages(options))
  }

  /** The list says no total: the last page is found by probing. */
  countProjects(signal?: AbortSignal): Promise<number> {
    return countByProbing(
      'aurora',
      async (page) => {
        const { valid, skipped } = await this.page(page, PER_PAGE, { signal })
        return valid.length + skipped.length
      },
      PER_PAGE,
    )
  }

  private async page(page: number, perPage: number, options: ListOptions): Promise<Sorted<AuroraProject>> {
    const { projects } = await this.http.request({
      method: 'GET',
      path: this.projects,
      query: { page, per_page: perPage },
      schema: z.looseObject({ projects: RecordList }),
      records: true,
      signal: options.signal,
    })
    return sortRecords(projects, AuroraProject, 'project')
  }

  async checkConnection(signal?: AbortSignal): Promise<string> {
    await this.http.request({
      signal,
      method: 'GET',
      path: this.projects,
      query: { page: 1, per_page: 1 },
      schema: z.looseObject({ projects: RecordList }),
      records: true,
    })
    return `Aurora accepted the token for tenant ${this.config.tenantId}.`
  }

  async getProject(remoteId: string): Promise<RemoteProject> {
    const { project } = await this.http.request({
      method: 'GET',
      path: `${this.projects}/${encodeURIComponent(remoteId)}`,
      schema: z.looseObject({ project: AuroraProject }),
    })
    return toRemote(project)
  }

  async createProject(fields: ProjectFields, clientRef: string): Promise<RemoteProject> {
    const { project } = await this.http.request({
      method: 'POST',
      path: this.projects,
      json: { project: { ...this.body(fields), external_provider_id: clientRef } },
      schema: z.looseObject({ project: AuroraProject }),
    })
    return toRemote(project)
  }

  /** Our clientRef is in the vendor's reference field, which its list shows. */
  isCreatedBy(remote: RemoteProject, { clientRef }: CreatedLookup): boolean {
    return remote.clientRef === clientRef
  }

  async findCreated({ clientRef, createdAfter }: CreatedLookup): Promise<RemoteProject[]> {
    const stopBefore = createdAfter ? createdAfter.getTime() - 5 * 60_000 : -Infinity
    for await (const project of this.listProjects()) {
      if (project.clientRef === clientRef) return [project]
      // Newest first: past the create's time, it is not there.
      if (project.createdAt && Date.parse(project.createdAt) < stopBefore) return []
    }
    return []
  }

  async updateProject(remoteId: string, changes: ProjectFields, current?: RemoteProject): Promise<RemoteProject> {
    const { project } = await this.http.request({
      method: 'PUT',
      path: `${this.projects}/${encodeURIComponent(remoteId)}`,
      json: { project: this.body(changes, current) },
      schema: z.looseObject({ project: AuroraProject }),
    })
    return toRemote(project)
  }

  deleteProject(): Promise<void> {
    return Promise.reject(
      new PermissionError('aurora', 'Aurora projects cannot be deleted through its API; delete it in Aurora.'),
    )
  }

  private body(fields: ProjectFields, current?: RemoteProject): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    const set = (key: string, value: unknown) => value !== undefined && (body[key] = value)
    set('name', fields.title)
    if (fields.customerName !== undefined) {
      const { first, last } = splitName(fields.customerName)
      body['customer_first_name'] = first || null
      body['customer_last_name'] = last || null
    }
    set('customer_email', fields.customerEmail)
    // customer_address, renamed mailing_address in 2024.05 (aurora-api-versioning.txt).
    set(this.config.version === '2024.05' ? 'mailing_address' : 'customer_address', fields.mailingAddress)
    set('customer_phone', fields.customerPhone)
    set('latitude', fields.lat)
    set('longitude', fields.lng)
    if (fields.stage) body['project_type'] = fields.stage.toLowerCase()
    const parts = definedParts(fields)
    if (Object.keys(parts).length) {
      const now = current ? addressOf(AuroraProject.parse(current.raw)) : readAddress('')
      body[this.config.version === '2024.05' ? 'property_address' : 'address'] = changedAddressLine(now, parts)
    }
    return body
  }
}

/** The address as this answer gives it, in either version's names. */
function addressOf(p: AuroraProject): ReadAddress {
  const line = p.property_address ?? p.location?.property_address ?? p.address ?? ''
  return readAddress(line, p.location?.property_address_components)
}

function toRemote(p: AuroraProject): RemoteProject {
  const { countrySuffix: _suffix, split: _split, ...parts } = addressOf(p)
  const type = p.project_type ? p.project_type[0]!.toUpperCase() + p.project_type.slice(1) : null
  return {
    remoteId: p.id,
    clientRef: p.external_provider_id || null,
    title: p.name || parts.address,
    ...parts,
    country: 'US',
    lat: p.latitude ?? p.location?.latitude ?? null,
    lng: p.longitude ?? p.location?.longitude ?? null,
    stage: type,
    customerName: [p.customer_first_name, p.customer_last_name].filter(Boolean).join(' ') || null,
    customerEmail: p.customer_email || null,
    customerPhone: p.customer_phone || null,
    notes: '',
    siteNotes: '',
    serials: { panels: '', inverters: '', batteries: '' },
    usage: null,
    buildDate: null,
    mailingAddress: p.mailing_address ?? p.customer_address ?? null,
    systemSummary: null,
    createdAt: p.created_at ?? null,
    modifiedAt: p.updated_at ?? p.created_at ?? null,
    raw: p,
  }
}

const definedParts = (f: ProjectFields): Partial<AddressParts> =>
  Object.fromEntries(
    (['address', 'locality', 'region', 'postcode'] as const).filter((k) => f[k] !== undefined).map((k) => [k, f[k]]),
  )
