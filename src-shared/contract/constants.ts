// What every process may read at run time, the renderer too: plain values, no zod, no Node.

export const VENDORS = ['opensolar', 'easypv', 'aurora', 'locus'] as const
export type Vendor = (typeof VENDORS)[number]

/** Easy PV meta enums (easypv-projects.txt, POST /projects/create). */
export const EASYPV_STATUSES = ['Lead', 'Quote', 'Sale', 'Install', 'Completed', 'Rejected'] as const
export const EASYPV_BUILD_DATES = ['pre2000', 'post2000', 'post2006'] as const
/** Aurora project_type, shown as the stage. */
export const AURORA_PROJECT_TYPES = ['Residential', 'Commercial'] as const

/** The most bytes in one `attachments.write` (512 KiB: under the dev host's 1 MiB frames). */
export const ATTACHMENT_CHUNK_BYTES = 524_288
/** The most bytes in one `maps.read` or `maps.importWrite`. */
export const MAP_AREA_CHUNK_BYTES = 1024 * 1024

export const SERIES_GRANULARITIES = ['5min', '15min', 'hourly', 'daily', 'monthly', 'yearly'] as const

/** The kinds of data a write may change, and a window may show (see data-flow.ts). */
export const DATA_DOMAINS = [
  'app',
  'accounts',
  'preferences',
  'projects',
  'outbox',
  'conflicts',
  'files',
  'monitoring',
  'maps',
  'sync',
] as const
export type DataDomain = (typeof DATA_DOMAINS)[number]
