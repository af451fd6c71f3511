// What the technician can do with a change that did not go: look at it, try it again, or give it up.
import { type Kysely, sql } from 'kysely'
import type { OutboxEntry } from '../../../src-shared/contract'
import type { Database } from '../../db/schema'
import { AppError } from '../../errors'
import { toColumns, type FlatFields } from '../fields'
import { insertOp, otherUnsentOps, REQUEUED } from './outbox'
import { fieldsOfRow } from './project-columns'

export class OutboxActions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(projectId?: string): Promise<OutboxEntry[]> {
    let query = this.db
      .selectFrom('outbox')
      .leftJoin('files', (join) => join.on(sql<boolean>`outbox.entity_key = 'file:' || files.id`))
      // A file's op is shown on its project.
      .leftJoin('projects', (join) =>
        join.on(sql<boolean>`projects.id = coalesce(files.project_id, substr(outbox.entity_key, 9))`),
      )
      .select([
        'outbox.id',
        'outbox.entity_key',
        'outbox.op',
        'outbox.payload_json',
        'outbox.state',
        'outbox.attempts',
        'outbox.last_error',
        'outbox.next_attempt_at',
        'outbox.created_at',
        'projects.title',
        'projects.id as project_id',
        'files.title as file_title',
      ])
      .where('outbox.state', '!=', 'sent')
      .orderBy('outbox.id')
    if (projectId) query = query.where('projects.id', '=', projectId)
    return (await query.execute()).map((r) => ({
      id: r.id,
      projectId: r.project_id ?? r.entity_key.replace(/^\w+:/, ''),
      projectTitle: r.title ?? '(deleted project)',
      op: r.op,
      fields: Object.keys(JSON.parse(r.payload_json) as object),
      fileTitle: r.file_title,
      state: r.state as OutboxEntry['state'],
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
    }))
  }

  /** Sends a parked or failed change again, now. */
  async retry(opId: number): Promise<void> {
    const op = await this.find(opId)
    if (op.state !== 'parked' && op.state !== 'failed' && op.state !== 'queued') {
      throw new AppError(
        'invalid_input',
        op.state === 'conflict'
          ? 'Resolve the conflict first: keep yours or theirs.'
          : 'This change is already on its way.',
      )
    }
    await this.db
      .updateTable('outbox')
      .set({ ...REQUEUED, updated_at: this.now().toISOString() })
      .where('id', '=', opId)
      .execute()
  }

  /** Gives a change up: the project goes back to what the vendor last had for those fields. */
  async discard(opId: number): Promise<void> {
    const op = await this.find(opId)
    if (op.state === 'sending')
      throw new AppError('invalid_input', 'This change is being sent right now; discard it when it has settled.')
    if (op.entity_key.startsWith('file:')) return this.discardFileOp(op)
    const projectId = op.entity_key.replace(/^project:/, '')
    await this.db.transaction().execute(async (trx) => {
      const project = await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst()
      await trx.deleteFrom('outbox').where('id', '=', opId).execute()
      await trx
        .updateTable('conflicts')
        .set({ resolved_at: this.now().toISOString() })
        .where('outbox_id', '=', opId)
        .where('resolved_at', 'is', null)
        .execute()
      if (!project) return
      if (op.op === 'create') {
        await trx.deleteFrom('projects').where('id', '=', projectId).execute()
        return
      }
      if (op.op === 'delete') {
        // Undone: the project is back, with any edit the delete had swallowed (update + delete coalesce
        // to delete) queued again, so nothing made here is lost.
        const base = project.base_json ? (JSON.parse(project.base_json) as Record<string, unknown>) : null
        const current = fieldsOfRow(project) as Record<string, unknown>
        const edited = base
          ? Object.fromEntries(Object.entries(current).filter(([f, v]) => (base[f] ?? null) !== (v ?? null)))
          : {}
        const others = await otherUnsentOps(trx, op.entity_key, op.id)
        const dirty = others.length > 0 || Object.keys(edited).length > 0
        await trx
          .updateTable('projects')
          .set({ deleted: 0, dirty: dirty ? 1 : 0, base_json: dirty ? project.base_json : null })
          .where('id', '=', projectId)
          .execute()
        if (Object.keys(edited).length)
          await insertOp(trx, {
            accountId: op.account_id,
            entityKey: op.entity_key,
            op: 'update',
            payload: edited,
            now: this.now().toISOString(),
          })
        return
      }
      const base: Record<string, unknown> = project.base_json
        ? (JSON.parse(project.base_json) as Record<string, unknown>)
        : fieldsOfRow(project)
      const fields = Object.keys(JSON.parse(op.payload_json) as object)
      const restored: FlatFields = Object.fromEntries(fields.filter((f) => f in base).map((f) => [f, base[f]]))
      const others = await otherUnsentOps(trx, op.entity_key, op.id)
      await trx
        .updateTable('projects')
        .set({
          ...toColumns(restored),
          dirty: others.length ? 1 : 0,
          base_json: others.length ? project.base_json : null,
        })
        .where('id', '=', projectId)
        .execute()
    })
  }

  /** An upload given up removes the file here; a removal given up brings it back; a rename or retag just stays here. */
  private async discardFileOp(op: { id: number; op: string; entity_key: string }): Promise<void> {
    const fileId = op.entity_key.replace(/^file:/, '')
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('outbox').where('id', '=', op.id).execute()
      if (op.op === 'upload') await trx.deleteFrom('files').where('id', '=', fileId).execute()
      if (op.op === 'file_delete') await trx.updateTable('files').set({ deleted: 0 }).where('id', '=', fileId).execute()
    })
  }

  private async find(opId: number) {
    const op = await this.db.selectFrom('outbox').selectAll().where('id', '=', opId).executeTakeFirst()
    if (!op || op.state === 'sent') throw new AppError('not_found', 'This change is no longer waiting to be sent.')
    return op
  }
}
