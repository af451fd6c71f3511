// Why an op waits before its next attempt: 'retry' (a failure it backs off from, which "Sync now" may cut
// short when the technician is back in signal) or 'vendor_limit' (the vendor said how long: Retry-After,
// a spent daily budget), which nothing here may cut short.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('waiting_for', 'text', (c) =>
      c.check(sql`waiting_for is null or waiting_for in ('retry', 'vendor_limit')`),
    )
    .execute()
}
