// ProjectFields (flattened: 'serials.panels') ↔ the projects table's columns.
import type { ProjectsTable } from '../../db/schema'
import type { ProjectField } from '../../providers/provider'

export const FIELD_COLUMNS = {
  title: 'title',
  address: 'address',
  locality: 'locality',
  region: 'region',
  postcode: 'postcode',
  country: 'country',
  lat: 'lat',
  lng: 'lng',
  stage: 'stage',
  customerName: 'customer_name',
  customerEmail: 'customer_email',
  customerPhone: 'customer_phone',
  notes: 'notes',
  siteNotes: 'site_notes',
  usage: 'usage_json',
  buildDate: 'build_date',
  mailingAddress: 'mailing_address',
  'serials.panels': 'serials_panels',
  'serials.inverters': 'serials_inverters',
  'serials.batteries': 'serials_batteries',
} as const satisfies Record<string, keyof ProjectsTable>

export type FlatField = keyof typeof FIELD_COLUMNS

/** 'serials.panels' → 'serials': the capability a flat field falls under. */
export const capabilityOf = (field: FlatField): ProjectField => field.split('.')[0] as ProjectField

/** A projects row → its field values, flattened. */
export function fieldsOfRow(row: Record<string, unknown>): Record<FlatField, unknown> {
  return Object.fromEntries(
    Object.entries(FIELD_COLUMNS).map(([field, column]) => [field, row[column] ?? null]),
  ) as Record<FlatField, unknown>
}
