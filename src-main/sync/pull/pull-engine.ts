// Vendor → cache (DESIGN §4). A pull never overwrites a field edited here and not yet sent: for a project
// with unsent changes it only refreshes remote_json, and the push's three-way merge decides later.
import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema'
import type { SkippedRecord } from '../../providers/http/tolerant-array'
import type {
  CreatedLookup,
  ListOptions,
  Provider,
  ProviderAttachments,
  RemoteFile,
  RemoteProject,
} from '../../providers/provider'
import { CAPABILITIES } from '../../providers/capabilities'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { flatFieldsOf, type FlatFields, toColumns, toProjectFields, withoutFields } from '../fields'
import { checkRemoteProject } from '../remote-project-check'
import { readPulledAt, readSyncState, SYNC_STATE_KEYS, writePulledAt, writeSyncState } from '../sync-status'

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

/** Vendors' clocks and ours disagree a little: ask a bit further back than the last pull. */
const SINCE_MARGIN_MS = 10 * 60_000
const FILE_TAGS_MAX_AGE_MS = 24 * 3_600_000

export class PullEngine {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly providerFor: (accountId: string) => Provider,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pullAccount(accountId: string, options: { full?: boolean; signal?: AbortSignal } = {}): Promise<PullReport> {
    const provider = this.providerFor(accountId)
    const started = this.now()
    const last = options.full ? undefined : await readPulledAt(this.db, accountId, SYNC_STATE_KEYS.lastPull)
    const skipped: SkippedRecord[] = []
    const list: ListOptions = {
      signal: options.signal,
      onSkipped: (record) => skipped.push(record),
      ...(last ? { since: new Date(last.getTime() - SINCE_MARGIN_MS) } : {}),
    }
    const report: PullReport = { added: 0, updated: 0, deferred: 0, skipped: 0, held: 0 }
    const inDoubt = await this.createsInDoubt(accountId)
    for await (const remote of provider.listProjects(list)) {
      const checked = checkRemoteProject(remote)
      if (!checked.ok) {
        skipped.push({ remoteId: remote.remoteId, reason: checked.reason })
        continue
      }
      const outcome = await this.upsert(accountId, provider, checked.project, inDoubt)
      report[outcome]++
    }
    report.skipped = skipped.length
    await writeSyncState(
      this.db,
      accountId,
      SYNC_STATE_KEYS.skippedRecords,
      { count: skipped.length, records: skipped.slice(0, SKIPPED_KEPT) },
      this.now(),
    )
    if (provider.attachments) {
      await this.pullFiles(accountId, await provider.attachments.listAll())
      if (provider.capabilities.fileTags) await this.pullFileTags(accountId, provider.attachments)
    }
    await writePulledAt(this.db, accountId, SYNC_STATE_KEYS.lastPull, started, this.now())
    return report
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
   * list shows our client ref, it is matched by that below; where it does not (Easy PV), inserting it
   * as another project would make the push take it for someone else's and create ours again.
   */
  private creatorOf(provider: Provider, remote: RemoteProject, inDoubt: CreateInDoubt[]): string | null | 'several' {
    const creators = inDoubt.filter((c) => provider.isCreatedBy(remote, c.lookup))
    if (creators.length > 1) return 'several'
    return creators[0]?.projectId ?? null
  }

  /** Writes one vendor project into the cache. */
  async upsert(
    accountId: string,
    provider: Provider,
    remote: RemoteProject,
    inDoubt: CreateInDoubt[] = [],
  ): Promise<'added' | 'updated' | 'deferred' | 'held'> {
    const vendor = provider.vendor
    return this.db.transaction().execute(async (trx) => {
      let existing = await trx
        .selectFrom('projects')
        .select(['id', 'dirty'])
        .where('account_id', '=', accountId)
        .where((eb) =>
          eb.or([
            eb('remote_id', '=', remote.remoteId),
            ...(remote.clientRef ? [eb('client_ref', '=', remote.clientRef)] : []),
          ]),
        )
        .executeTakeFirst()
      if (!existing && inDoubt.length) {
        const creator = this.creatorOf(provider, remote, inDoubt)
        if (creator === 'several') return 'held'
        // Ours: mapped now, so the push adopts it instead of creating it again.
        if (creator) existing = { id: creator, dirty: 1 }
      }
      const server = {
        remote_id: remote.remoteId,
        remote_json: JSON.stringify(remote.raw),
        created_remote: remote.createdAt,
        modified_remote: remote.modifiedAt,
      }
      if (existing?.dirty) {
        await trx.updateTable('projects').set(server).where('id', '=', existing.id).execute()
        return 'deferred'
      }
      const unreported = CAPABILITIES[vendor].unreported
      const columns = {
        ...toColumns(withoutFields(flatFieldsOf(remote), unreported)),
        system_summary: remote.systemSummary,
      }
      if (existing) {
        await trx
          .updateTable('projects')
          .set({ ...columns, ...server })
          .where('id', '=', existing.id)
          .execute()
        return 'updated'
      }
      await trx
        .insertInto('projects')
        .values({
          title: remote.title,
          title_sort: naturalSortKey(remote.title),
          ...columns,
          ...server,
          id: randomUUID(),
          account_id: accountId,
          provider: vendor,
          client_ref: remote.clientRef ?? randomUUID(),
        })
        .execute()
      return 'added'
    })
  }

  /** The org's tag list changes rarely: read once a day (it costs a request of the day's budget). */
  private async pullFileTags(accountId: string, attachments: ProviderAttachments): Promise<void> {
    const stored = await readSyncState(this.db, accountId, SYNC_STATE_KEYS.fileTags)
    if (stored && this.now().getTime() - Date.parse(stored.updatedAt) < FILE_TAGS_MAX_AGE_MS) return
    await writeSyncState(this.db, accountId, SYNC_STATE_KEYS.fileTags, await attachments.fileTags(), this.now())
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
