import { describe, expect, it } from 'vitest'
import type {
  AppStateTable,
  OutboxCountsTable,
  ProjectCountsTable,
  ProjectRemoteTable,
  AccountsTable,
  ConflictsTable,
  OutboxTable,
  ProjectsTable,
  SyncStateTable,
} from '../../../src-main/db/schema'
import { openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

// Record<keyof Table, true> makes the compiler insist each list names every typed column, no more;
// the test then holds the typed columns against the migrated database.
const typed: Record<string, Record<string, true>> = {
  accounts: {
    id: true,
    provider: true,
    label: true,
    base_url: true,
    settings_json: true,
    needs_sign_in: true,
    created_at: true,
  } satisfies Record<keyof AccountsTable, true>,
  projects: {
    seq: true,
    id: true,
    account_id: true,
    provider: true,
    remote_id: true,
    client_ref: true,
    title: true,
    title_sort: true,
    address: true,
    locality: true,
    region: true,
    postcode: true,
    country: true,
    lat: true,
    lng: true,
    stage: true,
    customer_name: true,
    customer_email: true,
    customer_phone: true,
    notes: true,
    site_notes: true,
    serials_panels: true,
    serials_inverters: true,
    serials_batteries: true,
    system_summary: true,
    usage_json: true,
    build_date: true,
    mailing_address: true,
    base_json: true,
    created_remote: true,
    modified_remote: true,
    modified_local: true,
    dirty: true,
    deleted: true,
  } satisfies Record<keyof ProjectsTable, true>,
  outbox: {
    id: true,
    account_id: true,
    entity_key: true,
    op: true,
    payload_json: true,
    base_version: true,
    client_op_id: true,
    state: true,
    attempts: true,
    next_attempt_at: true,
    last_error: true,
    in_flight_json: true,
    waiting_for: true,
    created_at: true,
    updated_at: true,
  } satisfies Record<keyof OutboxTable, true>,
  sync_state: { account_id: true, key: true, value_json: true, updated_at: true } satisfies Record<
    keyof SyncStateTable,
    true
  >,
  conflicts: {
    id: true,
    project_id: true,
    outbox_id: true,
    field: true,
    base_json: true,
    local_json: true,
    remote_json: true,
    created_at: true,
    resolved_at: true,
    resolution: true,
  } satisfies Record<keyof ConflictsTable, true>,
  project_remote: { seq: true, remote_json: true } satisfies Record<keyof ProjectRemoteTable, true>,
  project_counts: { account_id: true, provider: true, stage: true, n: true } satisfies Record<
    keyof ProjectCountsTable,
    true
  >,
  outbox_counts: { account_id: true, state: true, n: true } satisfies Record<keyof OutboxCountsTable, true>,
  app_state: { key: true, value_json: true, updated_at: true } satisfies Record<keyof AppStateTable, true>,
}

describe('kysely table types', () => {
  it.each(Object.keys(typed))('match the migrated columns of %s', async (table) => {
    const opened = await openTestDatabase(tempDir())
    const columns = (opened.sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort()
    await opened.close()
    expect(Object.keys(typed[table] ?? {}).sort()).toEqual(columns)
  })
})
