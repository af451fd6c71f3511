// Writes a vendor's page of projects into the cache. A first pull of an organisation is 100,000 rows: they
// go a page per transaction through statements prepared once (through kysely, each row was two queries
// compiled and prepared again, and a transaction of its own — about four times slower than plain inserts).
// The FTS index follows by the table's triggers, in the same transaction.
import { v7 as timeOrderedUuid } from 'uuid'
import type BetterSqlite3 from 'better-sqlite3'
import type { Vendor } from '../../../src-shared/contract'
import { CAPABILITIES } from '../../providers/capabilities'
import type { RemoteProject } from '../../providers/provider'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { capabilityOf, FIELD_COLUMNS, type FlatField } from '../outbox/project-columns'
import { flatFieldsOf } from '../fields'
import { textOf } from '../../../src-shared/text-of'

export type StoreOutcome = 'added' | 'updated' | 'deferred' | 'held'

/**
 * Who made a project new to the cache, when it may be one a create here made whose answer was lost:
 * our project's id, 'several' (do not guess), or null (someone else's).
 */
/** A local project's id (a UUID, so never the word 'several'). */
type ProjectId = string & {}
export type CreatorOf = (remote: RemoteProject) => ProjectId | 'several' | null

interface Existing {
  id: string
  dirty: number
  /** The row's rowid, which the vendor's copy is keyed by; null for a project mapped from an in-doubt create. */
  seq: number | null
}

/** The server's side of a row: refreshed even while the row has unsent edits (the merge reads it). */
const SERVER_COLUMNS = ['remote_id', 'created_remote', 'modified_remote'] as const

interface VendorStatements {
  /** Each field the vendor reports, with the column it is stored in. */
  reported: [FlatField, string][]
  insert: BetterSqlite3.Statement
  update: BetterSqlite3.Statement
}

export class ProjectStore {
  private readonly byRemoteId: BetterSqlite3.Statement<[string, string], Existing>
  private readonly byClientRef: BetterSqlite3.Statement<[string, string], Existing>
  private readonly refreshServer: BetterSqlite3.Statement
  /** The vendor's copy (migrations/0010), by the row's seq. */
  private readonly saveCopy: BetterSqlite3.Statement<[string, string]>
  private readonly saveCopyBySeq: BetterSqlite3.Statement<[number | bigint, string]>
  private readonly perVendor = new Map<Vendor, VendorStatements>()

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.byRemoteId = sqlite.prepare('select id, dirty, seq from projects where account_id = ? and remote_id = ?')
    this.byClientRef = sqlite.prepare('select id, dirty, seq from projects where account_id = ? and client_ref = ?')
    this.refreshServer = sqlite.prepare(
      `update projects set ${SERVER_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} where id = @id`,
    )
    this.saveCopy = sqlite.prepare(
      `insert into project_remote (seq, remote_json) select seq, ? from projects where id = ?
       on conflict (seq) do update set remote_json = excluded.remote_json`,
    )
    this.saveCopyBySeq = sqlite.prepare(
      `insert into project_remote (seq, remote_json) values (?, ?)
       on conflict (seq) do update set remote_json = excluded.remote_json`,
    )
  }

  /** The vendor's copy of a row, by its rowid when known (no lookup by id). */
  private keepCopy(existing: Existing, copy: string): void {
    if (existing.seq === null) this.saveCopy.run(copy, existing.id)
    else this.saveCopyBySeq.run(existing.seq, copy)
  }

  /**
   * Stores a page's projects in one transaction, as many as fit in `budgetMs` (at least one): a row's
   * search index grows with its text, and a hostile page of large rows must not hold main's thread. `also`
   * runs inside the transaction that stores the last of them (the pull's resume point goes with the rows
   * it covers, so a kill between transactions loses nothing and repeats nothing). Returns how many it took.
   */
  storePage(
    accountId: string,
    vendor: Vendor,
    projects: readonly RemoteProject[],
    creatorOf: CreatorOf,
    also: () => void = () => undefined,
    budgetMs = Infinity,
  ): { counts: Record<StoreOutcome, number>; taken: number } {
    const counts: Record<StoreOutcome, number> = { added: 0, updated: 0, deferred: 0, held: 0 }
    let taken = 0
    const write = this.sqlite.transaction(() => {
      const until = performance.now() + budgetMs
      while (taken < projects.length && (taken === 0 || performance.now() < until))
        counts[this.store(accountId, vendor, projects[taken++]!, creatorOf)]++
      if (taken === projects.length) also()
    })
    write.immediate()
    return { counts, taken }
  }

  private store(accountId: string, vendor: Vendor, remote: RemoteProject, creatorOf: CreatorOf): StoreOutcome {
    let existing =
      this.byRemoteId.get(accountId, remote.remoteId) ??
      (remote.clientRef ? this.byClientRef.get(accountId, remote.clientRef) : undefined)
    if (!existing) {
      const creator = creatorOf(remote)
      if (creator === 'several') return 'held'
      // Ours: mapped now, so the push adopts it instead of creating it again.
      if (creator) existing = { id: creator, dirty: 1, seq: null }
    }
    const server = {
      remote_id: remote.remoteId,
      created_remote: remote.createdAt,
      modified_remote: remote.modifiedAt,
    }
    const copy = JSON.stringify(remote.raw)
    if (existing?.dirty) {
      this.refreshServer.run({ ...server, id: existing.id })
      this.keepCopy(existing, copy)
      return 'deferred'
    }
    const statements = this.statementsFor(vendor)
    const values: Record<string, unknown> = { ...server, system_summary: remote.systemSummary }
    const flat = flatFieldsOf(remote)
    for (const [field, column] of statements.reported) values[column] = flat[field]
    values['title_sort'] = naturalSortKey(textOf(flat.title))
    if (existing) {
      values['id'] = existing.id
      statements.update.run(values)
      this.keepCopy(existing, copy)
      return 'updated'
    }
    // Time-ordered ids (and refs): a first pull's 100,000 rows go to the end of their unique indexes
    // instead of to random pages of them, which made each insert read and split pages all over the index.
    values['id'] = timeOrderedUuid()
    values['account_id'] = accountId
    values['provider'] = vendor
    values['client_ref'] = remote.clientRef ?? timeOrderedUuid()
    const { lastInsertRowid } = statements.insert.run(values)
    this.saveCopyBySeq.run(lastInsertRowid, copy)
    return 'added'
  }

  /** A vendor's columns: the fields it reports (one it never reports keeps the cache's value). */
  private statementsFor(vendor: Vendor): VendorStatements {
    let statements = this.perVendor.get(vendor)
    if (statements) return statements
    const unreported = CAPABILITIES[vendor].unreported as readonly string[]
    const reported = (Object.entries(FIELD_COLUMNS) as [FlatField, string][]).filter(
      ([field]) => !unreported.includes(capabilityOf(field)),
    )
    const columns = [...reported.map(([, column]) => column), 'title_sort', 'system_summary', ...SERVER_COLUMNS]
    const inserted = [...columns, 'id', 'account_id', 'provider', 'client_ref']
    statements = {
      reported,
      insert: this.sqlite.prepare(
        `insert into projects (${inserted.join(', ')}) values (${inserted.map((c) => `@${c}`).join(', ')})`,
      ),
      update: this.sqlite.prepare(
        `update projects set ${columns.map((c) => `${c} = @${c}`).join(', ')} where id = @id`,
      ),
    }
    this.perVendor.set(vendor, statements)
    return statements
  }
}
