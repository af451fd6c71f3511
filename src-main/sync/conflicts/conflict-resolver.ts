// Resolving a conflict, field by field: "keep mine" sends the local value over theirs,
// "keep theirs" takes the vendor's value here. A project deleted at the vendor while edited here is
// either created again from the local copy (mine) or removed here too (theirs).
import type { Kysely } from 'kysely'
import type { Conflict } from '../../../src-shared/contract'
import type { Database } from '../../db/schema'
import { AppError } from '../../errors'
import { CAPABILITIES } from '../../providers/capabilities'
import { onlyFields, toColumns } from '../fields'
import { otherUnsentOps, REQUEUED } from '../outbox/outbox'
import { fieldsOfRow } from '../outbox/project-columns'
import { DELETED_REMOTELY } from '../push/push-engine'

export class ConflictResolver {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(projectId?: string): Promise<Conflict[]> {
    let query = this.db.selectFrom('conflicts').selectAll().where('resolved_at', 'is', null).orderBy('id')
    if (projectId) query = query.where('project_id', '=', projectId)
    const parse = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown))
    return (await query.execute()).map((c) => ({
      id: c.id,
      projectId: c.project_id,
      field: c.field,
      base: parse(c.base_json),
      local: parse(c.local_json),
      remote: parse(c.remote_json),
      createdAt: c.created_at,
    }))
  }

  async resolve(conflictId: number, keep: 'mine' | 'theirs'): Promise<void> {
    const now = this.now().toISOString()
    await this.db.transaction().execute(async (trx) => {
      const conflict = await trx
        .selectFrom('conflicts')
        .selectAll()
        .where('id', '=', conflictId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst()
      if (!conflict) throw new AppError('not_found', 'This conflict has already been resolved.')
      const project = await trx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', conflict.project_id)
        .executeTakeFirstOrThrow()
      const op =
        conflict.outbox_id === null
          ? undefined
          : await trx.selectFrom('outbox').selectAll().where('id', '=', conflict.outbox_id).executeTakeFirst()
      await trx
        .updateTable('conflicts')
        .set({ resolved_at: now, resolution: keep })
        .where('id', '=', conflictId)
        .execute()

      if (conflict.field === DELETED_REMOTELY) {
        if (keep === 'theirs') {
          if (op) await trx.deleteFrom('outbox').where('id', '=', op.id).execute()
          await trx.deleteFrom('projects').where('id', '=', project.id).execute()
        } else if (op) {
          // Created again from what is here, under the same client ref.
          const fields = onlyFields(fieldsOfRow(project), CAPABILITIES[project.provider].fields)
          await trx
            .updateTable('outbox')
            .set({
              ...REQUEUED,
              op: 'create',
              payload_json: JSON.stringify(fields),
              updated_at: now,
            })
            .where('id', '=', op.id)
            .execute()
          await trx
            .updateTable('projects')
            .set({ remote_id: null, base_json: null, dirty: 1 })
            .where('id', '=', project.id)
            .execute()
        }
        return
      }

      const remote = conflict.remote_json === null ? null : (JSON.parse(conflict.remote_json) as unknown)
      const base = project.base_json ? (JSON.parse(project.base_json) as Record<string, unknown>) : {}
      // Either way the vendor's value becomes the base: "mine" then differs from it and is sent; "theirs" equals it.
      base[conflict.field] = remote
      await trx
        .updateTable('projects')
        .set({ ...(keep === 'theirs' ? toColumns({ [conflict.field]: remote }) : {}), base_json: JSON.stringify(base) })
        .where('id', '=', project.id)
        .execute()
      if (!op) return
      const payload = JSON.parse(op.payload_json) as Record<string, unknown>
      if (keep === 'theirs') delete payload[conflict.field]
      const open = await trx
        .selectFrom('conflicts')
        .select('id')
        .where('outbox_id', '=', op.id)
        .where('resolved_at', 'is', null)
        .execute()
      if (open.length) {
        await trx
          .updateTable('outbox')
          .set({ payload_json: JSON.stringify(payload), updated_at: now })
          .where('id', '=', op.id)
          .execute()
      } else if (Object.keys(payload).length) {
        await trx
          .updateTable('outbox')
          .set({
            ...REQUEUED,
            payload_json: JSON.stringify(payload),
            updated_at: now,
          })
          .where('id', '=', op.id)
          .execute()
      } else {
        // Nothing of this change is left to send.
        await trx.deleteFrom('outbox').where('id', '=', op.id).execute()
        const others = await otherUnsentOps(trx, op.entity_key, op.id)
        if (!others.length)
          await trx.updateTable('projects').set({ dirty: 0, base_json: null }).where('id', '=', project.id).execute()
      }
    })
  }
}
