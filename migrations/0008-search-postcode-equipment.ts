// Search finds a project by its postcode and its equipment too: "3350", "Sunny Boy",
// "Trina Vertex". The FTS index gains two columns, so it is rebuilt (contentless: from projects itself),
// and its triggers now follow the columns those come from.
import { type Kysely, sql } from 'kysely'

const COLUMNS = 'title, address, locality, postcode, customer_name, notes, serials, equipment'
const VALUES = `new.seq, new.title, new.address, new.locality, new.postcode, coalesce(new.customer_name, ''),
    new.notes || ' ' || new.site_notes,
    new.serials_panels || ' ' || new.serials_inverters || ' ' || new.serials_batteries,
    coalesce(new.system_summary, '')`

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['projects_fts_insert', 'projects_fts_delete', 'projects_fts_update'])
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db)
  await sql`drop table projects_fts`.execute(db)
  await sql`create virtual table projects_fts using fts5(
    ${sql.raw(COLUMNS)},
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
  )`.execute(db)
  await sql`insert into projects_fts(rowid, ${sql.raw(COLUMNS)})
    select ${sql.raw(VALUES.replaceAll('new.', 'projects.'))} from projects`.execute(db)
  await sql`create trigger projects_fts_insert after insert on projects begin
    insert into projects_fts(rowid, ${sql.raw(COLUMNS)}) values (${sql.raw(VALUES)});
  end`.execute(db)
  await sql`create trigger projects_fts_delete after delete on projects begin
    delete from projects_fts where rowid = old.seq;
  end`.execute(db)
  await sql`create trigger projects_fts_update after update of
    title, address, locality, postcode, customer_name, notes, site_notes, serials_panels, serials_inverters,
    serials_batteries, system_summary on projects begin
    delete from projects_fts where rowid = old.seq;
    insert into projects_fts(rowid, ${sql.raw(COLUMNS)}) values (${sql.raw(VALUES)});
  end`.execute(db)
}
