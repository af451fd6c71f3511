// Vendor → cache (DESIGN §4). A pull never overwrites a field edited here and not yet sent: for a project
// with unsent changes it only refreshes remote_json, and the push's three-way merge decides later.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { ListOptions, Provider, RemoteProject } from '../../providers/provider'
import { CAPABILITIES } from '../../providers/capabilities'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { flatFieldsOf, toColumns, withoutFields } from '../fields'
import { SYNC_STATE_KEYS } from '../sync-status'

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
    const last = options.full ? undefined : await this.lastPull(accountId)
    const list: ListOptions = {
      signal: options.signal,
      ...(last ? { since: new Date(last.getTime() - SINCE_MARGIN_MS) } : {}),
    }
    const report: PullReport = { added: 0, updated: 0, deferred: 0 }
    for await (const remote of provider.listProjects(list)) {
      const outcome = await this.upsert(accountId, provider.vendor, remote)
      report[outcome]++
    }
    await this.db
      .insertInto('sync_state')
      .values({
        account_id: accountId,
        key: SYNC_STATE_KEYS.lastPull,
        value_json: JSON.stringify({ at: started.toISOString() }),
        updated_at: this.now().toISOString(),
      })
      .onConflict((oc) =>
        oc.columns(['account_id', 'key']).doUpdateSet((eb) => ({
          value_json: eb.ref('excluded.value_json'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
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

  private async lastPull(accountId: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('sync_state')
      .select('value_json')
      .where('account_id', '=', accountId)
      .where('key', '=', SYNC_STATE_KEYS.lastPull)
      .executeTakeFirst()
    const at = row ? (JSON.parse(row.value_json) as { at?: string }).at : undefined
    return at ? new Date(at) : undefined
  }
}
