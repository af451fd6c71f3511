// What sync needs from a vendor, nothing more. Vendor quirks (trailing slashes, 204s, version shapes,
// token refresh, date-range walking) stay inside each vendor's folder.
import type { ProjectChanges, Vendor } from '../../src-shared/contract'
import { fieldTop, PROJECT_FIELDS } from '../../src-shared/project-fields'
import type { RequestPurpose } from './http/limits'
import type { SkippedRecord } from './http/tolerant-array'
import type { ListOptions, PageOptions, ProjectPage } from './paging'

/** A project as the cache stores it, whatever vendor it came from. */
export interface RemoteProject {
  remoteId: string
  /** Our id, as written to the vendor's reference field (OpenSolar identifier, Easy PV crmReference, Aurora external_provider_id). */
  clientRef: string | null
  title: string
  address: string
  locality: string
  region: string
  postcode: string
  country: string
  lat: number | null
  lng: number | null
  stage: string | null
  customerName: string | null
  customerEmail: string | null
  customerPhone: string | null
  notes: string
  siteNotes: string
  serials: { panels: string; inverters: string; batteries: string }
  /** OpenSolar energy use, as canonical JSON text (usageText); null elsewhere. */
  usage: string | null
  /** Easy PV design mode (pre2000…); null elsewhere. */
  buildDate: string | null
  /** Aurora's customer mailing address; null elsewhere. */
  mailingAddress: string | null
  systemSummary: string | null
  createdAt: string | null
  modifiedAt: string | null
  /** The vendor's JSON as received (unknown fields kept), for the cache's remote_json. */
  raw: unknown
}

/**
 * The fields a technician edits, as the contract takes them (from the declarations in
 * src-shared/project-fields.ts). A vendor ignores what it cannot store (see capabilities.fields).
 */
export type ProjectFields = ProjectChanges
export type ProjectField = keyof ProjectFields

export interface ProviderCapabilities {
  create: boolean
  update: boolean
  delete: boolean
  /** Attachments can be uploaded to the vendor (OpenSolar private files). */
  files: boolean
  /** Files can carry the vendor's tags (OpenSolar: the org's file tags, ProviderAttachments.fileTags). */
  fileTags: boolean
  /** Sites, components and time series (Locus). */
  monitoring: boolean
  /** Which ProjectFields the vendor stores. */
  fields: readonly ProjectField[]
  /** Which it takes when a project is created (OpenSolar adds the customer, as a new contact). */
  createFields: readonly ProjectField[]
  /** The vendor's fixed stages, when it has them (OpenSolar's come from each project's workflow). */
  stages: readonly string[] | null
  /** Fields it takes but never reports back: sync keeps the cache's value and sends changes blind. */
  unreported: readonly ProjectField[]
}

export type { ListOptions, PageOptions, ProjectPage } from './paging'

/** A file as a vendor holds it (OpenSolar private files). */
export interface RemoteFile {
  remoteId: string
  /** The vendor's project id, when the file belongs to one. */
  remoteProjectId: string | null
  title: string
  tags: string[]
  size: number | null
  md5: string | null
  /** False for a part upload not finished yet. */
  complete: boolean
  raw: unknown
}

export interface UploadProgress {
  (sentBytes: number, totalBytes: number): void
}

/** What sync needs of a vendor's files. */
export interface ProviderAttachments {
  /** Every file of the account (one request at OpenSolar: files are listed org-wide); one unreadable is told to `onSkipped`. */
  listAll(onSkipped?: (record: SkippedRecord) => void): Promise<RemoteFile[]>
  /** The names of the tags files may carry (OpenSolar: the org's file tag list). */
  fileTags(): Promise<string[]>
  listForProject(remoteProjectId: string): Promise<RemoteFile[]>
  upload(request: {
    remoteProjectId: string
    localPath: string
    title: string
    tags: string[]
    onProgress?: UploadProgress
    /** A resumable upload has begun under this id (kept, so a crash resumes it instead of starting over). */
    onStarted?: (remoteId: string) => Promise<void>
  }): Promise<RemoteFile>
  /** Finishes a part upload that was interrupted, sending only the missing parts. */
  resume(remoteId: string, localPath: string, onProgress?: UploadProgress): Promise<RemoteFile>
  rename(remoteId: string, title: string): Promise<RemoteFile>
  setTags(remoteId: string, tags: string[]): Promise<RemoteFile>
  delete(remoteId: string): Promise<void>
  /** Writes the file's bytes to `destination` (a link that expired is asked for again). */
  download(remoteId: string, destination: string): Promise<void>
}

/** A monitored device under a site (Locus: inverter, meter, weather station…). */
export interface MonitoredComponent {
  remoteId: string
  siteRemoteId: string
  parentRemoteId: string | null
  nodeId: string
  name: string
  nodeType: string
  oem: string | null
  model: string | null
  serial: string | null
  raw: unknown
}

/** A quantity a component reports: its short names (Wh_sum, W_avg…) and granularities. */
export interface AvailableField {
  baseField: string
  longName: string
  unit: string
  fields: string[]
  granularities: string[]
}

export interface Reading {
  ts: string
  values: Record<string, number>
}

export interface MonitoringAlert {
  remoteId: string
  componentRemoteId: string
  siteRemoteId: string | null
  alertType: string
  priority: string
  start: string
  end: string | null
  updated: string
  description: string
  raw: unknown
}

/**
 * What sync needs of a monitoring vendor (Locus). Times are UTC, YYYY-MM-DDThh:mm:ss. A record listed
 * that cannot be read is left out of the answer and told to `onSkipped` (else logged).
 */
export interface ProviderMonitoring {
  /** Every component of the account, in one listing. */
  components(onSkipped?: (record: SkippedRecord) => void): Promise<MonitoredComponent[]>
  dataAvailable(componentRemoteId: string, onSkipped?: (record: SkippedRecord) => void): Promise<AvailableField[]>
  readings(
    componentRemoteId: string,
    /** start and end: wall-clock times in `tz` (the site's zone, so days and months are the site's); UTC if none. */
    request: { fields: string[]; granularity: string; start: string; end: string; tz?: string; signal?: AbortSignal },
    onSkipped?: (record: SkippedRecord) => void,
  ): Promise<Reading[]>
  /** Alerts created or changed since then (Locus allows up to 7 days back). */
  alertsUpdatedSince(since: Date, onSkipped?: (record: SkippedRecord) => void): Promise<MonitoringAlert[]>
}

export interface CreatedLookup {
  clientRef: string
  /** What the create sent. */
  fields: ProjectFields
  /** When it was first sent: the project is no older. */
  createdAfter?: Date
}

export interface Provider {
  readonly vendor: Vendor
  readonly capabilities: ProviderCapabilities
  /** Present when the vendor takes files (capabilities.files). */
  readonly attachments?: ProviderAttachments
  /** Present for a monitoring vendor (capabilities.monitoring). */
  readonly monitoring?: ProviderMonitoring
  /** One cheap signed-in request ("Test connection"): what the vendor said, in a line; throws its refusal. */
  checkConnection(signal?: AbortSignal): Promise<string>
  /** The vendor's projects a page at a time, from where an earlier listing stopped (a pull resumes there). */
  listPages(options?: PageOptions): AsyncIterable<ProjectPage>
  /** Every project, one by one (the pages, flattened). */
  listProjects(options?: ListOptions): AsyncIterable<RemoteProject>
  /** How many projects the vendor holds, for a few requests, where its list does not say (a first pull's progress). */
  countProjects?(signal?: AbortSignal): Promise<number>
  /** `purpose: 'push'` when the read is part of sending a change (it may use the requests kept for sending). */
  getProject(remoteId: string, purpose?: RequestPurpose): Promise<RemoteProject>
  /** Creates with our clientRef in the vendor's reference field, so a lost answer can be reconciled. */
  createProject(fields: ProjectFields, clientRef: string): Promise<RemoteProject>
  /**
   * Projects that may be the one a create made, when its answer was lost (sync adopts one, and never
   * guesses between several). Found by our clientRef where the vendor's list shows it (OpenSolar
   * identifier, Aurora external_provider_id); else by the fields the create sent (Easy PV).
   */
  findCreated(request: CreatedLookup): Promise<RemoteProject[]>
  /** Whether this listed project may be the one that create made (findCreated's test, for one project). */
  isCreatedBy(remote: RemoteProject, request: CreatedLookup): boolean
  /** Sends only the given fields. Returns the project as the vendor now has it, when it says. */
  updateProject(remoteId: string, changes: ProjectFields, current?: RemoteProject): Promise<RemoteProject | undefined>
  deleteProject(remoteId: string): Promise<void>
}

/** The fields a technician can change, each once: the top of every declared field ('serials' for 'serials.panels'). */
export const ALL_FIELDS = [...new Set(PROJECT_FIELDS.map((f) => fieldTop(f.key)))] as readonly ProjectField[]

/** "George Costanza" → first and family name, as vendors that split them want. */
export function splitName(name: string | null | undefined): { first: string; last: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean)
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1) ?? '' }
}

/** Capabilities as a vendor declares them: create takes what update takes unless the vendor says otherwise. */
export function declareCapabilities(
  declared: Omit<ProviderCapabilities, 'createFields'> & { createFields?: readonly ProjectField[] },
): ProviderCapabilities {
  return { ...declared, createFields: declared.createFields ?? declared.fields }
}
