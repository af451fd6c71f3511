// Fields one vendor only takes: OpenSolar's energy use (one canonical JSON text: its data
// source and values change together), Easy PV's design mode, Aurora's mailing address.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('usage_json', 'text', (c) => c.check(sql`usage_json is null or json_valid(usage_json)`))
    .execute()
  await db.schema.alterTable('projects').addColumn('build_date', 'text').execute()
  await db.schema.alterTable('projects').addColumn('mailing_address', 'text').execute()
}
