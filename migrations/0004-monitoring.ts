// Locus monitoring in the cache: components under each monitored site, which fields each
// can report, recent readings, and alerts. A site itself is a (read-only) row of `projects`, so it is
// on the map and in search like any project; components hang off it.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('components')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The monitored site, as a project row.
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('parent_remote_id', 'text')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('node_type', 'text', (c) => c.notNull())
    .addColumn('oem', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('raw_json', 'text', (c) => c.notNull().check(sql`json_valid(raw_json)`))
    .addUniqueConstraint('components_account_remote_unique', ['account_id', 'remote_id'])
    .execute()
  await db.schema.createIndex('components_project').on('components').column('project_id').execute()

  await db.schema
    .createTable('data_availability')
    .addColumn('component_id', 'integer', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('base_field', 'text', (c) => c.notNull())
    .addColumn('long_name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    // Short names (Wh_sum, W_avg…) and granularities, as JSON arrays.
    .addColumn('fields_json', 'text', (c) => c.notNull().check(sql`json_valid(fields_json)`))
    .addColumn('granularities_json', 'text', (c) => c.notNull().check(sql`json_valid(granularities_json)`))
    .addPrimaryKeyConstraint('data_availability_pk', ['component_id', 'base_field'])
    .execute()

  await sql`create table series (
    component_id integer not null references components(id) on delete cascade,
    field text not null,
    granularity text not null,
    ts text not null,
    value real,
    primary key (component_id, field, granularity, ts)
  ) without rowid`.execute(db)

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('component_remote_id', 'text', (c) => c.notNull())
    .addColumn('alert_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('raw_json', 'text', (c) => c.notNull().check(sql`json_valid(raw_json)`))
    .addUniqueConstraint('alerts_account_remote_unique', ['account_id', 'remote_id'])
    .execute()
  await db.schema.createIndex('alerts_project').on('alerts').columns(['project_id', 'started_at']).execute()
}
