// What an update last sent, kept until its answer comes: if the answer is lost, the vendor may hold our
// values, and the next attempt must know they are ours (not the office's) before it merges. Found by the
// crash harness: an edit made here after a lost answer showed as a conflict with our own earlier write.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('in_flight_json', 'text', (c) => c.check(sql`in_flight_json is null or json_valid(in_flight_json)`))
    .execute()
}
