// First schema: accounts, projects + FTS5 index, outbox, sync_state.
// Forward only. Later changes are new files, never edits to this one.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) =>
      c.notNull().check(sql`provider in ('opensolar', 'easypv', 'aurora', 'locus')`),
    )
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    // Non-secret settings only (org id, tenant id, pinned API version); secrets live in secrets/.
    .addColumn('settings_json', 'text', (c) =>
      c
        .notNull()
        .defaultTo('{}')
        .check(sql`json_valid(settings_json)`),
    )
    .addColumn('needs_sign_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('projects')
    // The FTS index joins on rowid; a rowid not aliased by INTEGER PRIMARY KEY may change on VACUUM.
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    // Null until the vendor acknowledges a create made here.
    .addColumn('remote_id', 'text')
    // Our id for the project, written to the vendor's reference field so creates are idempotent.
    .addColumn('client_ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    // Natural-order key of the title (src-main/projects/natural-sort-key.ts), written with it.
    .addColumn('title_sort', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locality', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postcode', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'real', (c) => c.check(sql`lat is null or lat between -90 and 90`))
    .addColumn('lng', 'real', (c) => c.check(sql`lng is null or lng between -180 and 180`))
    .addColumn('stage', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('customer_email', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('site_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('serials_panels', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('serials_inverters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('serials_batteries', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('system_summary', 'text')
    // Last copy the server sent, and the copy local edits were made against (three-way merge).
    .addColumn('remote_json', 'text', (c) => c.check(sql`remote_json is null or json_valid(remote_json)`))
    .addColumn('base_json', 'text', (c) => c.check(sql`base_json is null or json_valid(base_json)`))
    .addColumn('created_remote', 'text')
    .addColumn('modified_remote', 'text')
    .addColumn('modified_local', 'text')
    .addColumn('dirty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('projects_account_remote_unique', ['account_id', 'remote_id'])
    .execute()
  await db.schema.createIndex('projects_title').on('projects').columns(['title_sort', 'id']).execute()
  await db.schema.createIndex('projects_locality').on('projects').columns(['locality', 'id']).execute()
  await db.schema.createIndex('projects_stage').on('projects').columns(['stage', 'id']).execute()
  await db.schema.createIndex('projects_modified').on('projects').columns(['modified_remote', 'id']).execute()
  await db.schema.createIndex('projects_account').on('projects').column('account_id').execute()

  // Contentless FTS5 index: the text lives once, in projects; triggers keep the index in step.
  await sql`create virtual table projects_fts using fts5(
    title, address, locality, customer_name, notes, serials,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
  )`.execute(db)
  const ftsValues = sql.raw(`new.seq, new.title, new.address, new.locality, coalesce(new.customer_name, ''),
    new.notes || ' ' || new.site_notes,
    new.serials_panels || ' ' || new.serials_inverters || ' ' || new.serials_batteries`)
  await sql`create trigger projects_fts_insert after insert on projects begin
    insert into projects_fts(rowid, title, address, locality, customer_name, notes, serials) values (${ftsValues});
  end`.execute(db)
  await sql`create trigger projects_fts_delete after delete on projects begin
    delete from projects_fts where rowid = old.seq;
  end`.execute(db)
  await sql`create trigger projects_fts_update after update of
    title, address, locality, customer_name, notes, site_notes, serials_panels, serials_inverters, serials_batteries
    on projects begin
    delete from projects_fts where rowid = old.seq;
    insert into projects_fts(rowid, title, address, locality, customer_name, notes, serials) values (${ftsValues});
  end`.execute(db)

  await db.schema
    .createTable('outbox')
    // Autoincrement: ids are never reused, so "deliver in id order per entity" stays true after deletes.
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) =>
      c.notNull().check(sql`op in ('create', 'update', 'delete', 'upload', 'rename', 'tag', 'file_delete')`),
    )
    .addColumn('payload_json', 'text', (c) => c.notNull().check(sql`json_valid(payload_json)`))
    .addColumn('base_version', 'text')
    .addColumn('client_op_id', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'sending', 'sent', 'failed', 'parked', 'conflict')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('outbox_entity').on('outbox').columns(['entity_key', 'id']).execute()
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute()
  await db.schema.createIndex('outbox_account').on('outbox').columns(['account_id', 'state']).execute()

  await db.schema
    .createTable('sync_state')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull().check(sql`json_valid(value_json)`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_state_pk', ['account_id', 'key'])
    .execute()
}
