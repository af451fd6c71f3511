// Component data on demand: a chart asks for a day, a week, a month or a year of readings,
// and what Locus answered stays on the laptop for offline use. Each range asked for and answered is
// recorded per component, field and granularity — readings or none, so a quiet night is not asked for
// again — and only what no recorded range covers is fetched. The readings themselves stay in `series`.
// Open alerts badge the map's pins: they are found by an index of their own.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table series_ranges (
    component_id integer not null references components(id) on delete cascade,
    field text not null,
    granularity text not null,
    start_ms integer not null,
    end_ms integer not null check (end_ms > start_ms),
    primary key (component_id, field, granularity, start_ms)
  ) without rowid`.execute(db)
  await sql`create index alerts_open on alerts (project_id) where ended_at is null`.execute(db)
}
