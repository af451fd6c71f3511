// A project and the monitored site that is its installed system. The match is worked out
// when asked (positions and addresses change with every pull); what is kept is the technician's word
// where it overrides the match: this site, or none. Monitored sites near a point are found by an index
// of their own positions (a few thousand among 100,000 projects).
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table project_site_choices (
    project_id text primary key references projects(id) on delete cascade,
    -- null: "this project is not monitored" (no match offered again)
    site_id text references projects(id) on delete cascade,
    chosen_at text not null
  )`.execute(db)
  await sql`create index projects_site_positions on projects (lat, lng)
    where provider = 'locus' and deleted = 0 and lat is not null`.execute(db)
}
