import path from 'node:path'
import type { Kysely } from 'kysely'
import { migrations } from '../../migrations'
import { openDatabase, type OpenedDatabase } from '../../src-main/db/open-database'
import type { Database } from '../../src-main/db/schema'
import { naturalSortKey } from '../../src-main/projects/natural-sort-key'

export async function openTestDatabase(dir: string, file = 'test.db'): Promise<OpenedDatabase> {
  return openDatabase(path.join(dir, file), { migrations })
}

let counter = 0

/** Inserts an account and returns its id; fields can be overridden. */
export async function insertAccount(
  db: Kysely<Database>,
  overrides: Partial<Parameters<typeof accountValues>[0]> = {},
) {
  const values = accountValues(overrides)
  await db.insertInto('accounts').values(values).execute()
  return values.id
}

function accountValues(overrides: { id?: string; provider?: Database['accounts']['provider']; label?: string }) {
  return {
    id: overrides.id ?? `acct-${++counter}`,
    provider: overrides.provider ?? ('opensolar' as const),
    label: overrides.label ?? 'Test account',
    base_url: 'http://127.0.0.1',
    created_at: '2026-01-01T00:00:00.000Z',
  }
}

export interface TestProject {
  id?: string
  title: string
  locality?: string
  customer_name?: string | null
  notes?: string
  serials_inverters?: string
  stage?: string | null
  lat?: number | null
  lng?: number | null
  modified_remote?: string | null
}

export async function insertProject(db: Kysely<Database>, accountId: string, project: TestProject): Promise<string> {
  const id = project.id ?? `proj-${++counter}`
  await db
    .insertInto('projects')
    .values({
      id,
      account_id: accountId,
      provider: 'opensolar',
      remote_id: String(1000 + counter),
      client_ref: `client-${id}`,
      title: project.title,
      title_sort: naturalSortKey(project.title),
      address: project.title,
      locality: project.locality ?? '',
      customer_name: project.customer_name ?? null,
      notes: project.notes ?? '',
      serials_inverters: project.serials_inverters ?? '',
      stage: project.stage ?? null,
      lat: project.lat ?? null,
      lng: project.lng ?? null,
      modified_remote: project.modified_remote ?? null,
    })
    .execute()
  return id
}
