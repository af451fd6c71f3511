// The same project fields in the three places sync meets them: the provider model (RemoteProject /
// ProjectFields), the flat form the merge and the outbox use ('serials.panels'), and the table's columns.
import type { ProjectFields, RemoteProject } from '../providers/provider'
import { naturalSortKey } from '../projects/natural-sort-key'
import { flatten } from './merge/three-way'
import { FIELD_COLUMNS, type FlatField } from './outbox/project-columns'
import { textOf } from '../../src-shared/text-of'
import { fieldTop } from '../../src-shared/project-fields'

export type FlatFields = Partial<Record<FlatField, unknown>>

/** A vendor's copy of a project → flat fields. */
export function flatFieldsOf(remote: RemoteProject): Record<FlatField, unknown> {
  const nested: Record<string, unknown> = {}
  for (const field of Object.keys(FIELD_COLUMNS) as FlatField[]) {
    const [head, tail] = field.split('.') as [keyof RemoteProject, string | undefined]
    if (tail)
      nested[head] = { ...(nested[head] as object), [tail]: (remote[head] as Record<string, unknown>)[tail] ?? '' }
    else nested[head] = remote[head] ?? null
  }
  return flatten(nested)
}

/** Flat fields → what a provider takes. */
export function toProjectFields(flat: FlatFields): ProjectFields {
  const out: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(flat)) {
    const [head, tail] = field.split('.')
    if (tail) out[head!] = { ...(out[head!] as object), [tail]: value }
    else out[head!] = value
  }
  return out
}

/** Flat fields → the projects table's columns; a title brings its natural sort key along. */
export function toColumns(flat: FlatFields): Record<string, unknown> {
  const columns = Object.fromEntries(
    Object.entries(flat).map(([field, value]) => [FIELD_COLUMNS[field as FlatField], value]),
  )
  if ('title' in flat) columns['title_sort'] = naturalSortKey(textOf(flat.title))
  return columns
}

/** Keeps only the fields a vendor stores (the rest never count as changed on either side). */
export function onlyFields(flat: Readonly<Record<string, unknown>>, fields: readonly string[]): FlatFields {
  return Object.fromEntries(Object.entries(flat).filter(([field]) => fields.includes(fieldTop(field))))
}

/** Drops the fields a vendor does not report, so its silence is never read as "cleared". */
export function withoutFields(flat: Readonly<Record<string, unknown>>, fields: readonly string[]): FlatFields {
  return Object.fromEntries(Object.entries(flat).filter(([field]) => !fields.includes(fieldTop(field))))
}
