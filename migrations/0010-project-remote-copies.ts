// The vendor's copy of a project (remote_json: OpenSolar's full project is 5–6 kB) moves out of the
// projects row into a table of its own. In the row it pushed every project over a page, so each scan of
// projects — a count, a page far down the list, the map's pins — read 700 MB at 100,000 projects;
// the rows left are a few hundred bytes. The copy is read only to merge and to show details.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table project_remote (
    seq integer primary key references projects (seq) on delete cascade,
    remote_json text not null check (json_valid(remote_json))
  )`.execute(db)
  await sql`insert into project_remote (seq, remote_json)
    select seq, remote_json from projects where remote_json is not null`.execute(db)
  await sql`alter table projects drop column remote_json`.execute(db)
}
