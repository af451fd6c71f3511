// Kysely's view of the tables created by migrations/. Kept by hand beside each new migration;
// test/unit/db/schema.test.ts checks these columns against the migrated database.
import type { Generated } from 'kysely'
import type { Vendor } from '../../src-shared/contract'

export interface AccountsTable {
  id: string
  provider: Vendor
  label: string
  base_url: string
  settings_json: Generated<string>
  needs_sign_in: Generated<number>
  created_at: string
}

export interface ProjectsTable {
  seq: Generated<number>
  id: string
  account_id: string
  provider: Vendor
  remote_id: string | null
  client_ref: string
  title: string
  title_sort: string
  address: Generated<string>
  locality: Generated<string>
  region: Generated<string>
  postcode: Generated<string>
  country: Generated<string>
  lat: number | null
  lng: number | null
  stage: string | null
  customer_name: string | null
  customer_email: string | null
  customer_phone: string | null
  notes: Generated<string>
  site_notes: Generated<string>
  serials_panels: Generated<string>
  serials_inverters: Generated<string>
  serials_batteries: Generated<string>
  system_summary: string | null
  /** migrations/0007: OpenSolar usage (canonical JSON), Easy PV design mode, Aurora mailing address. */
  usage_json: string | null
  build_date: string | null
  mailing_address: string | null
  base_json: string | null
  created_remote: string | null
  modified_remote: string | null
  modified_local: string | null
  dirty: Generated<number>
  deleted: Generated<number>
}

export type OutboxOp = 'create' | 'update' | 'delete' | 'upload' | 'rename' | 'tag' | 'file_delete'
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'parked' | 'conflict'

export interface OutboxTable {
  id: Generated<number>
  account_id: string
  entity_key: string
  op: OutboxOp
  payload_json: string
  base_version: string | null
  client_op_id: string
  state: Generated<OutboxState>
  attempts: Generated<number>
  next_attempt_at: string | null
  last_error: string | null
  /** migrations/0005: the fields and values an update last sent, until its answer comes. */
  in_flight_json: string | null
  /** migrations/0006: why next_attempt_at is set ('retry': backing off; 'vendor_limit': the vendor said). */
  waiting_for: 'retry' | 'vendor_limit' | null
  created_at: string
  updated_at: string
}

export interface SyncStateTable {
  account_id: string
  key: string
  value_json: string
  updated_at: string
}

export interface ConflictsTable {
  id: Generated<number>
  project_id: string
  outbox_id: number | null
  field: string
  base_json: string | null
  local_json: string | null
  remote_json: string | null
  created_at: string
  resolved_at: string | null
  resolution: 'mine' | 'theirs' | null
}

export type FileUploadState = 'local' | 'pending' | 'uploaded' | 'remote'

/** migrations/0003-files */
export interface FilesTable {
  id: string
  project_id: string
  account_id: string
  sha256: string | null
  md5: string | null
  title: string
  tags_json: Generated<string>
  size: number
  mime: Generated<string>
  upload_state: FileUploadState
  remote_id: string | null
  remote_json: string | null
  created_at: string
  deleted: Generated<number>
}

/** migrations/0004-monitoring */
export interface ComponentsTable {
  id: Generated<number>
  account_id: string
  project_id: string
  remote_id: string
  parent_remote_id: string | null
  node_id: string
  name: string
  node_type: string
  oem: string | null
  model: string | null
  serial: string | null
  raw_json: string
}

export interface DataAvailabilityTable {
  component_id: number
  base_field: string
  long_name: string
  unit: string
  fields_json: string
  granularities_json: string
}

export interface SeriesTable {
  component_id: number
  field: string
  granularity: string
  ts: string
  value: number | null
}

/** A stretch of readings asked of Locus and answered (migrations/0012), in epoch ms, half-open. */
export interface SeriesRangesTable {
  component_id: number
  field: string
  granularity: string
  start_ms: number
  end_ms: number
}

/** The technician's word on a project's monitored site (migrations/0013): that site, or none (null). */
export interface ProjectSiteChoicesTable {
  project_id: string
  site_id: string | null
  chosen_at: string
}

/** An offline map area (migrations/0014): a PMTiles archive in the maps store, by its sha256. */
export interface MapAreasTable {
  id: string
  name: string
  source: 'demo' | 'imported' | 'kept'
  sha256: string
  bytes: number
  min_zoom: number
  max_zoom: number
  west: number
  south: number
  east: number
  north: number
  added_at: string
}

export interface AlertsTable {
  id: Generated<number>
  account_id: string
  remote_id: string
  project_id: string | null
  component_remote_id: string
  alert_type: string
  priority: string
  started_at: string
  ended_at: string | null
  updated_at: string
  description: Generated<string>
  raw_json: string
}

/** The contentless FTS5 index over projects (migrations/0001); rowid = projects.seq. */
export interface ProjectsFtsTable {
  rowid: number
  projects_fts: string
}

/** migrations/0010: the vendor's last copy of a project (its JSON as received), apart from the row. */
export interface ProjectRemoteTable {
  seq: number
  remote_json: string
}

/** migrations/0009: kept by triggers as projects change (stage null counts under ''). */
export interface ProjectCountsTable {
  account_id: string
  provider: Vendor
  stage: string
  n: number
}

/** migrations/0009: kept by triggers as the outbox changes. */
export interface OutboxCountsTable {
  account_id: string
  state: OutboxState
  n: number
}

/** migrations/0009: what the app schedules for itself (the background integrity check). */
export interface AppStateTable {
  key: string
  value_json: string
  updated_at: string
}

export interface Database {
  accounts: AccountsTable
  projects: ProjectsTable
  outbox: OutboxTable
  sync_state: SyncStateTable
  conflicts: ConflictsTable
  files: FilesTable
  components: ComponentsTable
  data_availability: DataAvailabilityTable
  series: SeriesTable
  series_ranges: SeriesRangesTable
  project_site_choices: ProjectSiteChoicesTable
  map_areas: MapAreasTable
  alerts: AlertsTable
  projects_fts: ProjectsFtsTable
  project_remote: ProjectRemoteTable
  project_counts: ProjectCountsTable
  outbox_counts: OutboxCountsTable
  app_state: AppStateTable
}
