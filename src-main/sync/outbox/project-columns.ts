// ProjectFields (flattened: 'serials.panels') ↔ the projects table's columns.
import { fieldTop, PROJECT_FIELDS } from '../../../src-shared/project-fields'
import type { ProjectsTable } from '../../db/schema'
import type { ProjectField } from '../../providers/provider'

type Spec = (typeof PROJECT_FIELDS)[number]

/** Each declared field's column (the declaration in src-shared/project-fields.ts is the only list). */
export const FIELD_COLUMNS = Object.fromEntries(PROJECT_FIELDS.map((f) => [f.key, f.column])) as {
  [F in Spec as F['key']]: F['column']
}
// A column the declarations name that the table does not have does not compile.
FIELD_COLUMNS satisfies Record<string, keyof ProjectsTable>

export type FlatField = keyof typeof FIELD_COLUMNS

/** 'serials.panels' → 'serials': the capability a flat field falls under. */
export const capabilityOf = (field: FlatField): ProjectField => fieldTop(field) as ProjectField

/** A projects row → its field values, flattened. */
export function fieldsOfRow(row: Record<string, unknown>): Record<FlatField, unknown> {
  return Object.fromEntries(
    Object.entries(FIELD_COLUMNS).map(([field, column]) => [field, row[column] ?? null]),
  ) as Record<FlatField, unknown>
}
