// Each project field is declared once (src-shared/project-fields.ts); everything else is derived from
// the declaration or must agree with it. A field declared but not carried through fails here by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectChanges, ProjectDetail } from '../../../src-shared/contract'
import { PROJECT_FIELDS, fieldLabel } from '../../../src-shared/project-fields'
import type { OpenedDatabase } from '../../../src-main/db/open-database'
import { ALL_FIELDS, type RemoteProject } from '../../../src-main/providers/provider'
import { FIELD_COLUMNS } from '../../../src-main/sync/outbox/project-columns'
import { checkRemoteProject } from '../../../src-main/sync/remote-project-check'
import { openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
let opened: OpenedDatabase
beforeAll(async () => {
  opened = await openTestDatabase(tempDir())
})
afterAll(() => opened.close())

const top = (key: string) => key.split('.')[0]!
/** A value each kind of field takes. */
const sampleOf = (spec: (typeof PROJECT_FIELDS)[number]): unknown =>
  spec.value.kind === 'text'
    ? 'Checked'.slice(0, spec.value.max)
    : spec.value.kind === 'coordinate'
      ? 12.5
      : spec.value.kind === 'choice'
        ? spec.value.options[0]
        : { usage_data_source: 'kwh_annual', values: 5000 }
/** `{ serials: { panels: v } }` for 'serials.panels'. */
const nestedOf = (key: string, value: unknown): Record<string, unknown> => {
  const [first, second] = key.split('.') as [string, string | undefined]
  return second === undefined ? { [first]: value } : { [first]: { [second]: value } }
}

describe('the project field declarations', () => {
  it('name each field once, each with its own column', () => {
    const keys = PROJECT_FIELDS.map((f) => f.key)
    const columns = PROJECT_FIELDS.map((f) => f.column)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(columns).size).toBe(columns.length)
  })

  it('have a column in the migrated projects table for every field', () => {
    const table = new Set(
      (opened.sqlite.prepare('select name from pragma_table_info(?)').all('projects') as { name: string }[]).map(
        (c) => c.name,
      ),
    )
    for (const field of PROJECT_FIELDS)
      expect({ field: field.key, column: table.has(field.column) }).toEqual({
        field: field.key,
        column: true,
      })
    expect(Object.values(FIELD_COLUMNS).sort()).toEqual(PROJECT_FIELDS.map((f) => f.column).sort())
  })

  it('index exactly the searchable fields for search (the projects_fts triggers follow their columns)', () => {
    const trigger = (
      opened.sqlite.prepare("select sql from sqlite_schema where name = 'projects_fts_update'").get() as { sql: string }
    ).sql
    const watched = new Set(
      /after update of([\s\S]*?) on projects/i
        .exec(trigger)![1]!
        .split(',')
        .map((c) => c.trim()),
    )
    for (const field of PROJECT_FIELDS)
      expect({ field: field.key, indexed: watched.has(field.column) }).toEqual({
        field: field.key,
        indexed: field.searchable,
      })
  })

  it('make the change schema: every field taken, each refused past its limits, nothing undeclared', () => {
    for (const field of PROJECT_FIELDS) {
      const change = nestedOf(field.key, sampleOf(field))
      expect({ field: field.key, ok: ProjectChanges.safeParse(change).success }).toEqual({ field: field.key, ok: true })
      if (field.value.kind === 'text') {
        const tooLong = nestedOf(field.key, 'x'.repeat(field.value.max + 1))
        expect({ field: field.key, ok: ProjectChanges.safeParse(tooLong).success }).toEqual({
          field: field.key,
          ok: false,
        })
      }
    }
    expect(ProjectChanges.safeParse({ colour: 'blue' }).success).toBe(false)
    expect(ProjectChanges.safeParse({ serials: { roof: 'x' } }).success).toBe(false)
  })

  it('are all shown in a project’s detail, and are what a vendor may be asked to change', () => {
    for (const field of PROJECT_FIELDS) expect(Object.keys(ProjectDetail.shape)).toContain(top(field.key))
    expect([...ALL_FIELDS].sort()).toEqual([...new Set(PROJECT_FIELDS.map((f) => top(f.key)))].sort())
  })

  it('label every field (a queued change names it so)', () => {
    for (const field of PROJECT_FIELDS) expect(fieldLabel(field.key)).not.toBe(field.key)
  })

  it('clean every text field a vendor sends as SQLite will hold it', () => {
    const broken = 'A\uD800B'
    const remote = {
      remoteId: '1',
      title: 'T',
      address: '',
      locality: '',
      region: '',
      postcode: '',
      country: '',
      lat: null,
      lng: null,
      stage: null,
      customerName: null,
      customerEmail: null,
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
      raw: {},
    } as unknown as RemoteProject
    for (const field of PROJECT_FIELDS.filter((f) => f.value.kind === 'text')) {
      const [first, second] = field.key.split('.') as [keyof RemoteProject, string | undefined]
      const planted = structuredClone(remote) as unknown as Record<string, unknown>
      if (second === undefined) planted[first] = broken
      else (planted[first] as Record<string, unknown>)[second] = broken
      const checked = checkRemoteProject(planted as unknown as RemoteProject)
      const value = checked.ok
        ? second === undefined
          ? (checked.project as unknown as Record<string, unknown>)[first]
          : (checked.project[first] as Record<string, unknown>)[second]
        : checked.reason
      expect({ field: field.key, value }).toEqual({ field: field.key, value: 'A\uFFFDB' })
    }
  })
})
