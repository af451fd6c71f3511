// Vendor → cache (DESIGN §4). A pull never overwrites a field edited here and not yet sent: for a project
// with unsent changes it only refreshes remote_json, and the push's three-way merge decides later.
import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema'
import type { ListOptions, Provider, RemoteFile, RemoteProject } from '../../providers/provider'
import { CAPABILITIES } from '../../providers/capabilities'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { flatFieldsOf, toColumns, withoutFields } from '../fields'
import { readPulledAt, SYNC_STATE_KEYS, writePulledAt } from '../sync-status'

export interface PullReport {
  added: number
  updated: number
  /** Projects with unsent changes whose server copy was refreshed, left for the merge. */
  deferred: number
}

/** Vendors' clocks and ours disagree a little: ask a bit further back than the last pull. */
const SINCE_MARGIN_MS = 10 * 60_000

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
    const list: ListOptions = {
      signal: options.signal,
      ...(last ? { since: new Date(last.getTime() - SINCE_MARGIN_MS) } : {}),
    }
    const report: PullReport = { added: 0, updated: 0, deferred: 0 }
    for await (const remote of provider.listProjects(list)) {
      const outcome = await this.upsert(accountId, provider.vendor, remote)
      report[outcome]++
    }
    if (provider.attachments) await this.pullFiles(accountId, await provider.attachments.listAll())
    await writePulledAt(this.db, accountId, SYNC_STATE_KEYS.lastPull, started, this.now())
    return report
  }

  /** Writes one vendor project into the cache. */
  async upsert(
    accountId: string,
    vendor: Database['projects']['provider'],
    remote: RemoteProject,
  ): Promise<keyof PullReport> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
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
