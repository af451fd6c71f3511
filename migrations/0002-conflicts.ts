// Conflicts found by the three-way merge: one row per field changed differently here and at
// the vendor, kept until the technician picks a side. Values are JSON so any field type fits.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conflicts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // The op held back by the conflict; null once it is resolved and the op rewritten or dropped.
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('base_json', 'text', (c) => c.check(sql`base_json is null or json_valid(base_json)`))
    .addColumn('local_json', 'text', (c) => c.check(sql`local_json is null or json_valid(local_json)`))
    .addColumn('remote_json', 'text', (c) => c.check(sql`remote_json is null or json_valid(remote_json)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution is null or resolution in ('mine', 'theirs')`))
    .execute()
  // At most one open conflict per project field.
  await sql`create unique index conflicts_open_field on conflicts (project_id, field) where resolved_at is null`.execute(
    db,
  )
}
