// The durable outbound queue (DESIGN §3–4). A local change and the op that will deliver it are written in
// ONE transaction: either both are on disk or neither, whatever happens to the process. Ops of an entity
// are coalesced as they are queued, so the queue holds what will actually be sent.
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database, OutboxOp } from '../../db/schema'
import { AppError } from '../../errors'
import { CAPABILITIES } from '../../providers/capabilities'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { flatten } from '../merge/three-way'
import { coalesce, type PendingOp } from './coalesce'
import { capabilityOf, FIELD_COLUMNS, type FlatField, fieldsOfRow } from './project-columns'

export const projectEntity = (projectId: string) => `project:${projectId}`

const NEW_OP = -1

export class Outbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Applies an edit locally and queues it for the vendor. Returns the project's unsent op count. */
  async editProject(projectId: string, changes: Record<string, unknown>): Promise<{ pending: number }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', projectId)
        .where('deleted', '=', 0)
        .executeTakeFirst()
      if (!row)
        throw new AppError('not_found', 'This project is no longer in the local cache. Pick another from the list.')
      const current = fieldsOfRow(row)
      const wanted = flatten(changes) as Partial<Record<FlatField, unknown>>
      const allowed = CAPABILITIES[row.provider].fields
      const changed: Partial<Record<FlatField, unknown>> = {}
      for (const [field, value] of Object.entries(wanted) as [FlatField, unknown][]) {
        if (!(field in FIELD_COLUMNS)) throw new AppError('invalid_input', `"${field}" is not a project field.`)
        if (!allowed.includes(capabilityOf(field))) {
          throw new AppError(
            'invalid_input',
            `${row.provider === 'locus' ? 'Monitored sites are read-only.' : `This vendor does not take "${field}" from Solar Field.`} Change it in the vendor's app.`,
          )
        }
        if ((current[field] ?? null) !== (value ?? null)) changed[field] = value ?? null
      }
      if (Object.keys(changed).length) {
        const columns = Object.fromEntries(
          Object.entries(changed).map(([field, value]) => [FIELD_COLUMNS[field as FlatField], value]),
        )
        await trx
          .updateTable('projects')
          .set({
            ...columns,
            ...(changed.title !== undefined ? { title_sort: naturalSortKey(String(changed.title ?? '')) } : {}),
            // The copy these edits are made against, for the three-way merge: taken at the first unsent edit.
            base_json: row.base_json ?? JSON.stringify(current),
            modified_local: this.now().toISOString(),
            dirty: 1,
          })
          .where('id', '=', projectId)
          .execute()
        await this.enqueue(trx, row.account_id, projectEntity(projectId), 'update', changed)
      }
      return { pending: await this.pendingCount(trx, projectEntity(projectId)) }
    })
  }

  /** Unsent ops of one entity, oldest first. */
  async pending(entityKey: string): Promise<PendingOp[]> {
    return this.load(this.db, entityKey)
  }

  private async pendingCount(trx: Transaction<Database>, entityKey: string): Promise<number> {
    const { n } = await trx
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_key', '=', entityKey)
      .where('state', '!=', 'sent')
      .executeTakeFirstOrThrow()
    return Number(n)
  }

  private async load(db: Kysely<Database> | Transaction<Database>, entityKey: string): Promise<PendingOp[]> {
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'op', 'payload_json', 'state'])
      .where('entity_key', '=', entityKey)
      .where('state', '!=', 'sent')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      op: r.op,
      payload: JSON.parse(r.payload_json) as Record<string, unknown>,
      state: r.state,
    }))
  }

  /** Adds an op, coalescing it with the entity's queued ops, and writes back only what changed. */
  private async enqueue(
    trx: Transaction<Database>,
    accountId: string,
    entityKey: string,
    op: OutboxOp,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const before = await this.load(trx, entityKey)
    const after = coalesce([...before, { id: NEW_OP, op, payload, state: 'queued' }])
    const kept = new Map(after.map((o) => [o.id, o]))
    const now = this.now().toISOString()
    for (const old of before) {
      const next = kept.get(old.id)
      if (!next) await trx.deleteFrom('outbox').where('id', '=', old.id).execute()
      else if (next.op !== old.op || JSON.stringify(next.payload) !== JSON.stringify(old.payload)) {
        await trx
          .updateTable('outbox')
          .set({ op: next.op, payload_json: JSON.stringify(next.payload), updated_at: now })
          .where('id', '=', old.id)
          .execute()
      }
    }
    const added = kept.get(NEW_OP)
    if (added) {
      await trx
        .insertInto('outbox')
        .values({
          account_id: accountId,
          entity_key: entityKey,
          op: added.op,
          payload_json: JSON.stringify(added.payload),
          client_op_id: randomUUID(),
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
  }
}
