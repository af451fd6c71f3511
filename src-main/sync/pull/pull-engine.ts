// Vendor → cache. A pull never overwrites a field edited here and not yet sent: for a project
// with unsent changes it only refreshes remote_json, and the push's three-way merge decides later.
import { randomUUID } from 'node:crypto'
import { setImmediate } from 'node:timers/promises'
import type BetterSqlite3 from 'better-sqlite3'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema'
import { RunawayListingError } from '../../providers/http/errors'
import type { SkippedRecord } from '../../providers/http/tolerant-array'
import { listingCeiling } from '../../providers/paging'
import { TimeSlice } from '../../runtime/time-slice'
import type { CreatedLookup, Provider, ProviderAttachments, RemoteFile, RemoteProject } from '../../providers/provider'
import { type FlatFields, toProjectFields } from '../fields'
import { checkRemoteProject } from '../remote-project-check'
import {
  clearSyncState,
  type PullProgress,
  readPulledAt,
  readSyncState,
  syncStateStatements,
  writePulledAt,
  writeSyncState,
} from '../../db/sync-state'
import { type CreatorOf, ProjectStore } from './project-store'

export interface PullReport {
  added: number
  updated: number
  /** Projects with unsent changes whose server copy was refreshed, left for the merge. */
  deferred: number
  /** Records the vendor listed that could not be read or shown: left out, and kept in sync_state. */
  skipped: number
  /** New at the vendor and maybe one of several creates here whose answer was lost: left for the push to settle. */
  held: number
}

/** A create here whose answer was lost: a listed project may be the one it made. */
interface CreateInDoubt {
  projectId: string
  lookup: CreatedLookup
}

/** The skipped records kept for the status (the count is always right; the list is the first few). */
const SKIPPED_KEPT = 50
/** How long one transaction of a pull may store rows before the thread is given back. */
const STORE_SLICE_MS = 12

/** Vendors' clocks and ours disagree a little: ask a bit further back than the last pull. */
const SINCE_MARGIN_MS = 10 * 60_000
const FILE_TAGS_MAX_AGE_MS = 24 * 3_600_000

export interface PullEngineDeps {
  db: Kysely<Database>
  /** The same connection, for the store step's prepared statements. */
  sqlite: BetterSqlite3.Database
  providerFor: (accountId: string) => Provider
  now?: () => Date
}

export class PullEngine {
  private readonly db: Kysely<Database>
  private readonly store: ProjectStore
  private readonly providerFor: (accountId: string) => Provider
  private readonly now: () => Date
  private readonly progressState: ReturnType<typeof syncStateStatements<'pullProgress'>>

  constructor(deps: PullEngineDeps) {
    this.db = deps.db
    this.store = new ProjectStore(deps.sqlite)
    this.providerFor = deps.providerFor
    this.now = deps.now ?? (() => new Date())
    this.progressState = syncStateStatements(deps.sqlite, 'pullProgress')
  }

  async pullAccount(accountId: string, options: { full?: boolean; signal?: AbortSignal } = {}): Promise<PullReport> {
    const provider = this.providerFor(accountId)
    const progress = await this.progressOf(accountId, options.full ?? false)
    const report: PullReport = { added: 0, updated: 0, deferred: 0, skipped: 0, held: 0 }
    const skipped: SkippedRecord[] = []
    const inDoubt = await this.createsInDoubt(accountId)
    const creatorOf: CreatorOf = (remote) => (inDoubt.length ? this.creatorOf(provider, remote, inDoubt) : null)
    const pages = provider.listPages({
      signal: options.signal,
      onSkipped: (record) => skipped.push(record),
      from: progress.resumeFrom,
      ...(progress.since ? { since: new Date(progress.since) } : {}),
    })
    // A vendor that lists more than the account could hold is paging without end (or is not the vendor).
    let ceiling = listingCeiling(progress.total ?? (await this.cachedCount(accountId)))
    for await (const page of pages) {
      const stored: RemoteProject[] = []
      const slice = new TimeSlice()
      for (const remote of page.projects) {
        await slice.maybeYield()
        const checked = checkRemoteProject(remote)
        if (checked.ok) stored.push(checked.project)
        else skipped.push({ kind: 'project', remoteId: remote.remoteId, reason: checked.reason })
      }
      progress.resumeFrom = page.at
      progress.stored += stored.length
      progress.skipped = {
        count: progress.skipped.count + skipped.length,
        records: [...progress.skipped.records, ...skipped].slice(0, SKIPPED_KEPT),
      }
      skipped.length = 0
      if (progress.stored + progress.skipped.count > ceiling)
        throw new RunawayListingError(provider.vendor, `${ceiling.toLocaleString('en')} projects`)
      await this.storeInSlices(accountId, provider, stored, creatorOf, progress, report)
      // A first pull of more than a page may take days (OpenSolar's budget): find out how many to expect.
      if (page.next !== null && progress.since === null && progress.total === null && provider.countProjects) {
        progress.total = await provider.countProjects(options.signal)
        ceiling = listingCeiling(progress.total)
        await writeSyncState(this.db, accountId, 'pullProgress', progress, this.now())
      }
    }
    if (provider.attachments) {
      const files: SkippedRecord[] = []
      await this.pullFiles(accountId, await provider.attachments.listAll((record) => files.push(record)))
      progress.skipped = {
        count: progress.skipped.count + files.length,
        records: [...progress.skipped.records, ...files].slice(0, SKIPPED_KEPT),
      }
      if (provider.capabilities.fileTags) await this.pullFileTags(accountId, provider.attachments)
    }
    report.skipped = progress.skipped.count
    await writeSyncState(this.db, accountId, 'skippedRecords', progress.skipped, this.now())
    await this.db.transaction().execute(async (trx) => {
      await writePulledAt(trx, accountId, 'lastPull', new Date(progress.startedAt), this.now())
      await clearSyncState(trx, accountId, 'pullProgress')
    })
    return report
  }

  /**
   * A page in transactions of a few milliseconds each, the thread given back between them: a documented
   * page is one or two; a hostile one of 60,000 rows (or of megabyte notes) does not hold main's thread for
   * seconds. The resume point goes with the last; a kill before it reads the page again, storing the same.
   */
  private async storeInSlices(
    accountId: string,
    provider: Provider,
    projects: RemoteProject[],
    creatorOf: CreatorOf,
    progress: PullProgress,
    report: PullReport,
  ): Promise<void> {
    for (let at = 0; ;) {
      const { counts, taken } = await this.db
        .connection()
        .execute(async () =>
          this.store.storePage(
            accountId,
            provider.vendor,
            projects.slice(at),
            creatorOf,
            () => this.progressState.write(accountId, progress, this.now()),
            STORE_SLICE_MS,
          ),
        )
      for (const outcome of Object.keys(counts) as (keyof typeof counts)[]) report[outcome] += counts[outcome]
      at += taken
      if (at >= projects.length) return
      await setImmediate()
    }
  }

  /** How many projects the cache holds for the account (kept by triggers); null before its first pull. */
  private async cachedCount(accountId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('project_counts')
      .select((eb) => eb.fn.sum<number>('n').as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    const n = Number(row?.n ?? 0)
    return n > 0 ? n : (await readPulledAt(this.db, accountId, 'lastPull')) ? 0 : null
  }

  /** The pull under way (stopped by the budget, a crash, the network), or a new one from the last pull. */
  private async progressOf(accountId: string, full: boolean): Promise<PullProgress> {
    const saved = (await readSyncState(this.db, accountId, 'pullProgress'))?.value
    if (saved && (!full || saved.since === null)) return saved
    const last = full ? undefined : await readPulledAt(this.db, accountId, 'lastPull')
    return {
      startedAt: this.now().toISOString(),
      since: last ? new Date(last.getTime() - SINCE_MARGIN_MS).toISOString() : null,
      resumeFrom: null,
      stored: 0,
      total: null,
      skipped: { count: 0, records: [] },
    }
  }

  /** Creates whose answer was lost (their op is 'sending'), with what each sent. */
  private async createsInDoubt(accountId: string): Promise<CreateInDoubt[]> {
    const ops = await this.db
      .selectFrom('outbox')
      .innerJoin('projects', (join) => join.on(sql<boolean>`outbox.entity_key = 'project:' || projects.id`))
      .select(['projects.id', 'projects.client_ref', 'outbox.payload_json', 'outbox.created_at'])
      .where('outbox.account_id', '=', accountId)
      .where('outbox.op', '=', 'create')
      .where('outbox.state', '=', 'sending')
      .where('projects.remote_id', 'is', null)
      .execute()
    return ops.map((op) => ({
      projectId: op.id,
      lookup: {
        clientRef: op.client_ref,
        fields: toProjectFields(JSON.parse(op.payload_json) as FlatFields),
        createdAfter: new Date(op.created_at),
      },
    }))
  }

  /**
   * A project new to the cache may be one a create here made whose answer was lost. Where the vendor's
   * list shows our client ref, it is matched by that; where it does not (Easy PV), inserting it as
   * another project would make the push take it for someone else's and create ours again.
   */
  private creatorOf(provider: Provider, remote: RemoteProject, inDoubt: CreateInDoubt[]): ReturnType<CreatorOf> {
    const creators = inDoubt.filter((c) => provider.isCreatedBy(remote, c.lookup))
    if (creators.length > 1) return 'several'
    return creators[0]?.projectId ?? null
  }

  /** The org's tag list changes rarely: read once a day (it costs a request of the day's budget). */
  private async pullFileTags(accountId: string, attachments: ProviderAttachments): Promise<void> {
    const stored = await readSyncState(this.db, accountId, 'fileTags')
    if (stored && this.now().getTime() - Date.parse(stored.updatedAt) < FILE_TAGS_MAX_AGE_MS) return
    await writeSyncState(this.db, accountId, 'fileTags', await attachments.fileTags(), this.now())
  }

  /**
   * The vendor's files into the cache, by project. A file with a change not yet sent is left as it is;
   * one no longer listed is gone at the vendor (the listing is complete: one request per pull).
   */
  async pullFiles(accountId: string, remote: RemoteFile[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const projects = new Map(
        (
          await trx
            .selectFrom('projects')
            .select(['id', 'remote_id'])
            .where('account_id', '=', accountId)
            .where('remote_id', 'is not', null)
            .execute()
        ).map((p) => [p.remote_id!, p.id]),
      )
      const local = await trx
        .selectFrom('files')
        .leftJoin('outbox', (join) =>
          join.on(sql<boolean>`outbox.entity_key = 'file:' || files.id and outbox.state != 'sent'`),
        )
        .select(['files.id', 'files.remote_id', (eb) => eb.fn.count<number>('outbox.id').as('unsent')])
        .where('files.account_id', '=', accountId)
        .groupBy('files.id')
        .execute()
      const byRemoteId = new Map(local.filter((f) => f.remote_id).map((f) => [f.remote_id!, f]))
      const listed = new Set<string>()
      for (const file of remote) {
        const projectId = file.remoteProjectId ? projects.get(file.remoteProjectId) : undefined
        if (!projectId || !file.complete) continue
        listed.add(file.remoteId)
        const known = byRemoteId.get(file.remoteId)
        const columns = {
          title: file.title,
          tags_json: JSON.stringify(file.tags),
          remote_json: JSON.stringify(file.raw),
        }
        if (known) {
          if (Number(known.unsent) === 0)
            await trx.updateTable('files').set(columns).where('id', '=', known.id).execute()
          continue
        }
        await trx
          .insertInto('files')
          .values({
            ...columns,
            id: randomUUID(),
            project_id: projectId,
            account_id: accountId,
            md5: file.md5,
            size: file.size ?? 0,
            upload_state: 'remote',
            remote_id: file.remoteId,
            created_at: this.now().toISOString(),
          })
          .execute()
      }
      const gone = local.filter((f) => f.remote_id && !listed.has(f.remote_id) && Number(f.unsent) === 0)
      if (gone.length)
        await trx
          .deleteFrom('files')
          .where(
            'id',
            'in',
            gone.map((f) => f.id),
          )
          .execute()
    })
  }
}
