// At 100,000 projects, counting is what made the list slow: every page counted the table,
// and every edit re-counted the outbox for the status bar. Counts are now kept as rows change, by
// triggers in the same transaction as the change: `project_counts` per account, vendor and stage (any
// mix of those filters is a sum over a few rows) and `outbox_counts` per account and state. The
// "last changed" sort gets an index on the expression it sorts by, replacing one on the vendor's time
// alone, and the list's indexes cover live rows only; `app_state` keeps what the app itself schedules (the background integrity check).
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // A project without a stage counts under '' (a primary key cannot hold null).
  await sql`create table project_counts (
    account_id text not null,
    provider text not null,
    stage text not null,
    n integer not null,
    primary key (account_id, provider, stage)
  ) without rowid`.execute(db)
  await sql`create trigger project_counts_insert after insert on projects when new.deleted = 0 begin
    insert into project_counts values (new.account_id, new.provider, coalesce(new.stage, ''), 1)
      on conflict do update set n = n + 1;
  end`.execute(db)
  await sql`create trigger project_counts_delete after delete on projects when old.deleted = 0 begin
    update project_counts set n = n - 1
      where account_id = old.account_id and provider = old.provider and stage = coalesce(old.stage, '');
  end`.execute(db)
  await sql`create trigger project_counts_update after update of account_id, provider, stage, deleted on projects
    when old.deleted is not new.deleted or old.account_id is not new.account_id
      or old.provider is not new.provider or coalesce(old.stage, '') is not coalesce(new.stage, '')
  begin
    update project_counts set n = n - 1
      where old.deleted = 0 and account_id = old.account_id and provider = old.provider
        and stage = coalesce(old.stage, '');
    insert into project_counts select new.account_id, new.provider, coalesce(new.stage, ''), 1 where new.deleted = 0
      on conflict do update set n = n + 1;
  end`.execute(db)
  await sql`insert into project_counts
    select account_id, provider, coalesce(stage, ''), count(*) from projects where deleted = 0
    group by account_id, provider, coalesce(stage, '')`.execute(db)

  await sql`create table outbox_counts (
    account_id text not null,
    state text not null,
    n integer not null,
    primary key (account_id, state)
  ) without rowid`.execute(db)
  await sql`create trigger outbox_counts_insert after insert on outbox begin
    insert into outbox_counts values (new.account_id, new.state, 1) on conflict do update set n = n + 1;
  end`.execute(db)
  await sql`create trigger outbox_counts_delete after delete on outbox begin
    update outbox_counts set n = n - 1 where account_id = old.account_id and state = old.state;
  end`.execute(db)
  await sql`create trigger outbox_counts_update after update of account_id, state on outbox
    when old.account_id is not new.account_id or old.state is not new.state
  begin
    update outbox_counts set n = n - 1 where account_id = old.account_id and state = old.state;
    insert into outbox_counts values (new.account_id, new.state, 1) on conflict do update set n = n + 1;
  end`.execute(db)
  await sql`insert into outbox_counts select account_id, state, count(*) from outbox group by account_id, state`.execute(
    db,
  )

  // The list's orders, over live rows only (partial indexes: a query says `deleted = 0` and never reads a
  // row to check it). A key that may be null sorts last: the index leads with a flag (0 before 1) that the
  // query's ORDER BY repeats word for word, so a page — even the 500th — is read off the index in order.
  for (const name of ['projects_title', 'projects_locality', 'projects_stage', 'projects_modified'])
    await sql`drop index ${sql.id(name)}`.execute(db)
  await sql`create index projects_title on projects (title_sort, id) where deleted = 0`.execute(db)
  await sql`create index projects_locality on projects (locality, id) where deleted = 0`.execute(db)
  await sql`create index projects_stage on projects (stage is null, coalesce(stage, ''), id) where deleted = 0`.execute(
    db,
  )
  // Recently changed first: the flag is 1 for a time, so a backwards walk gives newest first, timeless last.
  await sql`create index projects_changed on projects (
    coalesce(modified_local, modified_remote) is not null, coalesce(modified_local, modified_remote, ''), id
  ) where deleted = 0`.execute(db)

  await db.schema
    .createTable('app_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull().check(sql`json_valid(value_json)`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}
