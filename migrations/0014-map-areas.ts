// Offline map areas: PMTiles archives of street-level vector tiles, kept in a content
// store by their sha256 like attachments; this table names them and says what they cover, so the map
// knows which to load without opening every file.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table map_areas (
    id text primary key,
    name text not null,
    -- 'demo': built for the demo; 'imported': a file the technician chose
    source text not null check (source in ('demo', 'imported')),
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
}
