// Attachments: photos and documents on a project. The bytes live in the
// content-addressed store (src-main/attachments/), named by sha256; this row says what they are, where
// they belong and what the vendor knows of them.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Null for a vendor file not downloaded yet.
    .addColumn('sha256', 'text')
    // OpenSolar's file_hash, to recognise an upload whose answer was lost.
    .addColumn('md5', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) =>
      c
        .notNull()
        .defaultTo('[]')
        .check(sql`json_valid(tags_json)`),
    )
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('mime', 'text', (c) => c.notNull().defaultTo('application/octet-stream'))
    // local: the vendor takes no files (kept here, marked so); pending: not at the vendor yet;
    // uploaded: the vendor has it; remote: the vendor's, listed by a pull.
    .addColumn('upload_state', 'text', (c) =>
      c.notNull().check(sql`upload_state in ('local', 'pending', 'uploaded', 'remote')`),
    )
    .addColumn('remote_id', 'text')
    .addColumn('remote_json', 'text', (c) => c.check(sql`remote_json is null or json_valid(remote_json)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('files_account_remote_unique', ['account_id', 'remote_id'])
    .execute()
  await db.schema.createIndex('files_project').on('files').columns(['project_id', 'created_at']).execute()
  // One copy of the same bytes per project: attaching a photo twice is a mistake, not a second file.
  await sql`create unique index files_project_content on files (project_id, sha256) where sha256 is not null and deleted = 0`.execute(
    db,
  )
}
