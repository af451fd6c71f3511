// Every field of a project a technician sees or changes, declared once. The cache's columns, the
// contract's change schema, the search index's check, the text the pull cleans, the editor's inputs and
// the labels that name a field in the queue are all read from this list (a test holds each to it).
// Plain values: the renderer loads it as it is.
import { EASYPV_BUILD_DATES } from './contract/constants'

export type FieldSection = 'project' | 'site' | 'customer' | 'system' | 'notes'

/** What a value may be: the change schema is built from this, so input is refused in one place. */
export type FieldValue =
  | { kind: 'text'; max: number; min?: number; required?: string; multiline?: boolean; nullable?: boolean }
  | { kind: 'coordinate'; limit: 90 | 180 }
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'usage' }

/** How the editor offers it: one line of text, a block of text, a number, a list, or its own editor. */
export type FieldEditor = 'line' | 'block' | 'coordinate' | 'stage' | 'choice' | 'usage' | 'serials'

export interface ProjectFieldSpec {
  /** The field's name in the contract; a nested one is written 'serials.panels'. */
  key: string
  /** Its column in the projects table. */
  column: string
  label: string
  section: FieldSection
  editor: FieldEditor
  value: FieldValue
  /** Search finds a project by it (the projects_fts index holds its column). */
  searchable: boolean
}

function line<N extends boolean = false>(max = 200, nullable: N = false as N) {
  return { kind: 'text', max, nullable } as const
}
function block(max: number) {
  return { kind: 'text', max, multiline: true } as const
}

export const PROJECT_FIELDS = [
  {
    key: 'title',
    column: 'title',
    label: 'Title',
    section: 'project',
    editor: 'line',
    value: { kind: 'text', max: 200, min: 1, required: 'A project needs a title' },
    searchable: true,
  },
  {
    key: 'stage',
    column: 'stage',
    label: 'Stage',
    section: 'project',
    editor: 'stage',
    value: { kind: 'text', max: 100, min: 1 },
    searchable: false,
  },
  {
    key: 'address',
    column: 'address',
    label: 'Street address',
    section: 'site',
    editor: 'line',
    value: line(),
    searchable: true,
  },
  {
    key: 'locality',
    column: 'locality',
    label: 'Suburb / town',
    section: 'site',
    editor: 'line',
    value: line(),
    searchable: true,
  },
  {
    key: 'region',
    column: 'region',
    label: 'State / region',
    section: 'site',
    editor: 'line',
    value: line(),
    searchable: false,
  },
  {
    key: 'postcode',
    column: 'postcode',
    label: 'Postcode',
    section: 'site',
    editor: 'line',
    value: line(20),
    searchable: true,
  },
  {
    key: 'country',
    column: 'country',
    label: 'Country (2 letters)',
    section: 'site',
    editor: 'line',
    value: line(2),
    searchable: false,
  },
  {
    key: 'lat',
    column: 'lat',
    label: 'Latitude',
    section: 'site',
    editor: 'coordinate',
    value: { kind: 'coordinate', limit: 90 },
    searchable: false,
  },
  {
    key: 'lng',
    column: 'lng',
    label: 'Longitude',
    section: 'site',
    editor: 'coordinate',
    value: { kind: 'coordinate', limit: 180 },
    searchable: false,
  },
  {
    key: 'customerName',
    column: 'customer_name',
    label: 'Customer name',
    section: 'customer',
    editor: 'line',
    value: line(200, true),
    searchable: true,
  },
  {
    key: 'customerEmail',
    column: 'customer_email',
    label: 'Customer email',
    section: 'customer',
    editor: 'line',
    value: line(200, true),
    searchable: false,
  },
  {
    key: 'customerPhone',
    column: 'customer_phone',
    label: 'Customer phone',
    section: 'customer',
    editor: 'line',
    value: line(50, true),
    searchable: false,
  },
  {
    key: 'mailingAddress',
    column: 'mailing_address',
    label: 'Mailing address',
    section: 'customer',
    editor: 'line',
    value: line(200, true),
    searchable: false,
  },
  {
    key: 'usage',
    column: 'usage_json',
    label: 'Energy use',
    section: 'system',
    editor: 'usage',
    value: { kind: 'usage' },
    searchable: false,
  },
  {
    key: 'buildDate',
    column: 'build_date',
    label: 'Design mode',
    section: 'system',
    editor: 'choice',
    value: { kind: 'choice', options: EASYPV_BUILD_DATES },
    searchable: false,
  },
  {
    key: 'serials.panels',
    column: 'serials_panels',
    label: 'Panel serials',
    section: 'system',
    editor: 'serials',
    value: block(5000),
    searchable: true,
  },
  {
    key: 'serials.inverters',
    column: 'serials_inverters',
    label: 'Inverter serials',
    section: 'system',
    editor: 'serials',
    value: block(5000),
    searchable: true,
  },
  {
    key: 'serials.batteries',
    column: 'serials_batteries',
    label: 'Battery serials',
    section: 'system',
    editor: 'serials',
    value: block(5000),
    searchable: true,
  },
  {
    key: 'notes',
    column: 'notes',
    label: 'Notes',
    section: 'notes',
    editor: 'block',
    value: block(10_000),
    searchable: true,
  },
  {
    key: 'siteNotes',
    column: 'site_notes',
    label: 'Site notes',
    section: 'notes',
    editor: 'block',
    value: block(10_000),
    searchable: true,
  },
] as const satisfies readonly ProjectFieldSpec[]

export type ProjectFieldKey = (typeof PROJECT_FIELDS)[number]['key']

/** The field a nested one belongs to ('serials' for 'serials.panels'): what a vendor takes or not. */
export const fieldTop = (key: string): string => key.split('.')[0]!

/** The field's label, by its key ('serials.panels' too); a key not declared is shown as it is. */
export function fieldLabel(key: string): string {
  return PROJECT_FIELDS.find((f) => f.key === key)?.label ?? key
}
