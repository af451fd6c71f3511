// Our reference for a project (client_ref: ours for a project made here, the vendor's reference field
// otherwise) was unique across the whole database. Two accounts whose vendors use the same reference (two
// OpenSolar organisations numbering jobs alike) made the second account's pull fail whole. A reference is
// now unique within its account, as remote ids already were.
//
// SQLite cannot drop a column's UNIQUE, so the table is rebuilt as SQLite documents it: a new table, every
// row copied with its seq (the search index and the vendor's copies are keyed by it), the old one dropped,
// the new one renamed, its indexes and triggers recreated as they were. Migrations run with foreign keys
// off (open-database.ts), so dropping the old table deletes nothing that refers to it; the references are
// checked before the migration commits.
import { type Kysely, sql } from 'kysely'

const COLUMNS = `seq, id, account_id, provider, remote_id, client_ref, title, title_sort, address, locality, region,
  postcode, country, lat, lng, stage, customer_name, customer_email, customer_phone, notes, site_notes,
  serials_panels, serials_inverters, serials_batteries, system_summary, base_json, created_remote,
  modified_remote, modified_local, dirty, deleted, usage_json, build_date, mailing_address`

export async function up(db: Kysely<unknown>): Promise<void> {
  const checked = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)
  if (checked.rows[0]?.foreign_keys)
    throw new Error('projects can only be rebuilt with foreign keys off (dropping it would delete what refers to it)')
  const kept = await sql<{ sql: string }>`select sql from sqlite_schema
    where tbl_name = 'projects' and type in ('index', 'trigger') and sql is not null`.execute(db)
  await sql`create table projects_next (
    seq integer primary key,
    id text not null unique,
    account_id text not null references accounts (id) on delete cascade,
    provider text not null,
    remote_id text,
    client_ref text not null,
    title text not null,
    title_sort text not null,
    address text default '' not null,
    locality text default '' not null,
    region text default '' not null,
    postcode text default '' not null,
    country text default '' not null,
    lat real check (lat is null or lat between -90 and 90),
    lng real check (lng is null or lng between -180 and 180),
    stage text,
    customer_name text,
    customer_email text,
    customer_phone text,
    notes text default '' not null,
    site_notes text default '' not null,
    serials_panels text default '' not null,
    serials_inverters text default '' not null,
    serials_batteries text default '' not null,
    system_summary text,
    base_json text check (base_json is null or json_valid(base_json)),
    created_remote text,
    modified_remote text,
    modified_local text,
    dirty integer default 0 not null,
    deleted integer default 0 not null,
    usage_json text check (usage_json is null or json_valid(usage_json)),
    build_date text,
    mailing_address text,
    constraint projects_account_remote_unique unique (account_id, remote_id),
    constraint projects_account_ref_unique unique (account_id, client_ref)
  )`.execute(db)
  await sql`insert into projects_next (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from projects`.execute(db)
  await sql`drop table projects`.execute(db)
  await sql`alter table projects_next rename to projects`.execute(db)
  for (const { sql: statement } of kept.rows) await sql.raw(statement).execute(db)
  const broken = await sql`pragma foreign_key_check`.execute(db)
  if (broken.rows.length) throw new Error(`rows refer to projects that are gone: ${JSON.stringify(broken.rows[0])}`)
}
