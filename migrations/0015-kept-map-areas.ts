// Streets kept around the projects: with an online tile source set, the tiles around each
// cached project are copied into an area of their own, up to a size the technician sets, so the map still
// has them on site. That area is a third kind; SQLite cannot change a check, so the table is rebuilt.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table map_areas_next (
    id text primary key,
    name text not null,
    -- 'demo': built for the demo; 'imported': a file the technician chose; 'kept': copied around the projects
    source text not null check (source in ('demo', 'imported', 'kept')),
    sha256 text not null check (length(sha256) = 64),
    bytes integer not null check (bytes > 0),
    min_zoom integer not null,
    max_zoom integer not null,
    west real not null,
    south real not null,
    east real not null,
    north real not null,
    added_at text not null
  )`.execute(db)
  await sql`insert into map_areas_next select * from map_areas`.execute(db)
  await sql`drop table map_areas`.execute(db)
  await sql`alter table map_areas_next rename to map_areas`.execute(db)
}
