// The durable outbound queue. A local change and the op that will deliver it are written in
// ONE transaction: either both are on disk or neither, whatever happens to the process. Ops of an entity
// are coalesced as they are queued, so the queue holds what will actually be sent.
import { randomUUID } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database, OutboxOp } from '../../db/schema'
import { AppError } from '../../errors'
import { CAPABILITIES } from '../../providers/capabilities'
import { naturalSortKey } from '../../projects/natural-sort-key'
import { toColumns } from '../fields'
import { flatten } from '../merge/three-way'
import { coalesce, type PendingOp } from './coalesce'
import { capabilityOf, FIELD_COLUMNS, type FlatField, fieldsOfRow } from './project-columns'
import { textOf } from '../../../src-shared/text-of'

export const projectEntity = (projectId: string) => `project:${projectId}`
export const fileEntity = (fileId: string) => `file:${fileId}`

/** Unsent ops of an entity other than `exceptId`: whether the project stays dirty after one settles. */
export function otherUnsentOps(db: Kysely<Database> | Transaction<Database>, entityKey: string, exceptId: number) {
  return db
    .selectFrom('outbox')
    .select('id')
    .where('entity_key', '=', entityKey)
    .where('state', '!=', 'sent')
    .where('id', '!=', exceptId)
    .execute()
}

/** Appends an op to an entity's queue, as is (callers coalesce first where that applies). */
export async function insertOp(
  trx: Transaction<Database>,
  op: { accountId: string; entityKey: string; op: OutboxOp; payload: Record<string, unknown>; now: string },
): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      account_id: op.accountId,
      entity_key: op.entityKey,
      op: op.op,
      payload_json: JSON.stringify(op.payload),
      client_op_id: randomUUID(),
      created_at: op.now,
      updated_at: op.now,
    })
    .execute()
}

/** An op made due again from scratch (after a retry or a resolved conflict). */
export const REQUEUED = { state: 'queued', attempts: 0, next_attempt_at: null, last_error: null } as const

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
            `${CAPABILITIES[row.provider].monitoring ? 'Monitored sites are read-only.' : `This vendor does not take "${field}" from Solar Field.`} Change it in the vendor's app.`,
          )
        }
        if ((current[field] ?? null) !== (value ?? null)) changed[field] = value ?? null
      }
      if (Object.keys(changed).length) {
        await trx
          .updateTable('projects')
          .set({
            ...toColumns(changed),
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

  /** Creates a project here and queues its creation at the vendor. Our client ref goes in the vendor's reference field. */
  async createProject(accountId: string, fields: Record<string, unknown>): Promise<{ id: string }> {
    return this.db.transaction().execute(async (trx) => {
      const account = await trx
        .selectFrom('accounts')
        .select(['provider'])
        .where('id', '=', accountId)
        .executeTakeFirst()
      if (!account) throw new AppError('not_found', 'This account is no longer set up here.')
      if (!CAPABILITIES[account.provider].create)
        throw new AppError('invalid_input', 'This vendor does not take new projects from Solar Field.')
      const flat = flatten(fields) as Partial<Record<FlatField, unknown>>
      const allowed = CAPABILITIES[account.provider].createFields
      const refused = (Object.keys(flat) as FlatField[]).find(
        (field) => !(field in FIELD_COLUMNS) || !allowed.includes(capabilityOf(field)),
      )
      if (refused) throw new AppError('invalid_input', `This vendor does not take "${refused}" on a new project.`)
      const title = textOf(flat.title ?? flat.address).trim()
      if (!title) throw new AppError('invalid_input', 'A new project needs a title or an address.')
      const id = randomUUID()
      const now = this.now().toISOString()
      await trx
        .insertInto('projects')
        .values({
          ...toColumns({ ...flat, title }),
          id,
          account_id: accountId,
          provider: account.provider,
          client_ref: randomUUID(),
          // Spelled out: the table type requires both on insert.
          title,
          title_sort: naturalSortKey(title),
          modified_local: now,
          dirty: 1,
        })
        .execute()
      await this.enqueue(trx, accountId, projectEntity(id), 'create', { ...flat, title })
      return { id }
    })
  }

  /** Deletes here and queues the delete (its id undoes it); a project never sent is simply gone. */
  async deleteProject(projectId: string): Promise<{ undoId: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('projects')
        .select(['account_id', 'provider'])
        .where('id', '=', projectId)
        .where('deleted', '=', 0)
        .executeTakeFirst()
      if (!row) throw new AppError('not_found', 'This project is no longer in the local cache.')
      if (!CAPABILITIES[row.provider].delete)
        throw new AppError(
          'invalid_input',
          "This vendor does not let Solar Field delete projects. Delete it in the vendor's app.",
        )
      await trx
        .updateTable('projects')
        .set({ deleted: 1, dirty: 1, modified_local: this.now().toISOString() })
        .where('id', '=', projectId)
        .execute()
      await this.enqueue(trx, row.account_id, projectEntity(projectId), 'delete', {})
      // Its files go with it: their queued changes are moot. One already being sent settles first (the
      // push holds the delete until it has) and is then dropped unsent.
      await trx
        .deleteFrom('outbox')
        .where('state', '!=', 'sending')
        .where('state', '!=', 'sent')
        .where(
          'entity_key',
          'in',
          trx
            .selectFrom('files')
            .select(sql<string>`'file:' || files.id`.as('key'))
            .where('project_id', '=', projectId),
        )
        .execute()
      const queued = await this.load(trx, projectEntity(projectId))
      // create + delete coalesced to nothing: the vendor never heard of it.
      if (queued.length === 0) await trx.deleteFrom('projects').where('id', '=', projectId).execute()
      return { undoId: queued.find((op) => op.op === 'delete')?.id ?? null }
    })
  }

  /** Unsent ops of one entity, oldest first. */
  async pending(entityKey: string): Promise<PendingOp[]> {
    return this.load(this.db, entityKey)
  }

  async pendingCount(trx: Transaction<Database>, entityKey: string): Promise<number> {
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
  async enqueue(
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
    if (added) await insertOp(trx, { accountId, entityKey, op: added.op, payload: added.payload, now })
  }
}
