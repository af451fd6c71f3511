// The vendor's last copy of a project lives apart from its row (migrations/0010): written with the row's
// other server columns, in the caller's transaction.
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'

type Db = Kysely<Database> | Transaction<Database>

/** Keeps `raw` as the project's vendor copy (null: the vendor holds none now, as after a delete there). */
export async function saveRemoteCopy(db: Db, projectId: string, raw: unknown): Promise<void> {
  if (raw === null || raw === undefined) {
    await sql`delete from project_remote where seq = (select seq from projects where id = ${projectId})`.execute(db)
    return
  }
  await sql`insert into project_remote (seq, remote_json)
    select seq, ${JSON.stringify(raw)} from projects where id = ${projectId}
    on conflict (seq) do update set remote_json = excluded.remote_json`.execute(db)
}

/** The vendor copy (text, or null) of the project whose `seq` is in this column, for a select list. */
export const remoteJsonOf = (seqColumn: string) =>
  sql<string | null>`(select remote_json from project_remote where project_remote.seq = ${sql.ref(seqColumn)})`
