// Delivers a project's op (create, update, delete). A create carries our client ref, so one in doubt is
// looked for before it is sent again; an update merges three ways (the copy the edit was made against,
// ours, the vendor's now) and sends only what changed here.
import type { Kysely, Selectable } from 'kysely'
import type { Database, ProjectsTable } from '../../db/schema'
import { CAPABILITIES } from '../../providers/capabilities'
import { NotFoundError, vendorName } from '../../providers/http/errors'
import type { Provider, RemoteProject } from '../../providers/provider'
import { flatFieldsOf, type FlatFields, onlyFields, toColumns, toProjectFields } from '../fields'
import { threeWayMerge } from '../merge/three-way'
import { insertOp, otherUnsentOps } from '../outbox/outbox'
import { fieldsOfRow } from '../outbox/project-columns'
import { saveRemoteCopy } from '../../projects/remote-copy'
import type { Op, OpLedger, Outcome } from './op-ledger'

type Project = Selectable<ProjectsTable>

export const DELETED_REMOTELY = '(deleted)'

function ambiguousCreate(provider: Provider, count: number): string {
  const name = vendorName(provider.vendor)
  return (
    `This project may already be in ${name}: its answer to the create was lost, and ${count} projects ` +
    `created there since look like it. Check in ${name}; then send it again (if none is it) or discard it here.`
  )
}

export class ProjectDelivery {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: OpLedger,
    private readonly now: () => Date,
  ) {}

  async deliver(provider: Provider, op: Op): Promise<Outcome> {
    const projectId = op.entity_key.replace(/^project:/, '')
    const project = await this.db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst()
    if (!project) return this.ledger.finish(op)
    try {
      if (op.state === 'sending' && op.op === 'create') {
        // In doubt: the create may have reached the vendor before the crash or the lost answer.
        const candidates = await this.unmapped(
          project,
          await provider.findCreated({
            clientRef: project.client_ref,
            fields: toProjectFields(JSON.parse(op.payload_json) as FlatFields),
            createdAfter: new Date(op.created_at),
          }),
        )
        if (candidates.length === 1) return this.created(op, project, candidates[0]!)
        // Two could be ours: sending again might make a third, and adopting one might take someone else's.
        if (candidates.length > 1) return this.ledger.park(op, ambiguousCreate(provider, candidates.length))
      }
      op = await this.ledger.sending(op)
      const payload = JSON.parse(op.payload_json) as FlatFields
      switch (op.op) {
        case 'create':
          return this.created(op, project, await provider.createProject(toProjectFields(payload), project.client_ref))
        case 'update':
          return await this.update(provider, op, project)
        case 'delete':
          if (project.remote_id) {
            try {
              await provider.deleteProject(project.remote_id)
            } catch (error) {
              // Already gone at the vendor: the intent is met.
              if (!(error instanceof NotFoundError)) throw error
            }
          }
          await this.db.transaction().execute(async (trx) => {
            await this.ledger.markSent(trx, op.id)
            await trx.deleteFrom('projects').where('id', '=', project.id).execute()
          })
          return 'sent'
        default:
          return this.ledger.park(op, `Solar Field cannot send "${op.op}" for a project yet.`)
      }
    } catch (error) {
      return this.ledger.failed(op, error)
    }
  }

  /** Candidates for an in-doubt create that no other project here already stands for. */
  private async unmapped(project: Project, candidates: RemoteProject[]): Promise<RemoteProject[]> {
    if (!candidates.length) return []
    const mapped = await this.db
      .selectFrom('projects')
      .select('remote_id')
      .where('account_id', '=', project.account_id)
      .where('id', '!=', project.id)
      .where(
        'remote_id',
        'in',
        candidates.map((c) => c.remoteId),
      )
      .execute()
    const taken = new Set(mapped.map((m) => m.remote_id))
    return candidates.filter((c) => !taken.has(c.remoteId))
  }

  private async created(op: Op, project: Project, remote: RemoteProject): Promise<Outcome> {
    const { fields, unreported } = CAPABILITIES[project.provider]
    const known = fields.filter((f) => !unreported.includes(f))
    const local = fieldsOfRow(project) as Record<string, unknown>
    const theirs = onlyFields(flatFieldsOf(remote), known) as Record<string, unknown>
    // Fields the technician left empty take the vendor's defaults (OpenSolar's first stage, Aurora's project type…).
    const defaults = Object.fromEntries(
      Object.entries(theirs).filter(([field, value]) => (local[field] ?? '') === '' && value !== null && value !== ''),
    )
    const intended = { ...local, ...defaults }
    // A create is not always one request (OpenSolar sets the stage with a second one), and one found
    // after a lost answer may lack what followed: whatever the vendor does not hold yet goes as an update.
    const missing = Object.keys(theirs).filter((field) => (intended[field] ?? null) !== (theirs[field] ?? null))
    await this.db.transaction().execute(async (trx) => {
      const pendingAfter = await otherUnsentOps(trx, op.entity_key, op.id)
      const stillDirty = pendingAfter.length > 0 || missing.length > 0
      await trx
        .updateTable('projects')
        .set({
          ...toColumns(defaults),
          remote_id: remote.remoteId,
          created_remote: remote.createdAt,
          modified_remote: remote.modifiedAt,
          // Later ops of this project follow the mapping: they read remote_id when they go. Their merge
          // starts from what the vendor holds now.
          base_json: stillDirty ? JSON.stringify({ ...intended, ...theirs }) : null,
          dirty: stillDirty ? 1 : 0,
        })
        .where('id', '=', project.id)
        .execute()
      await saveRemoteCopy(trx, project.id, remote.raw)
      await this.ledger.markSent(trx, op.id)
      if (missing.length && !pendingAfter.length) {
        await insertOp(trx, {
          accountId: op.account_id,
          entityKey: op.entity_key,
          op: 'update',
          payload: Object.fromEntries(missing.map((f) => [f, intended[f]])),
          now: this.now().toISOString(),
        })
      }
    })
    return 'sent'
  }

  private async update(provider: Provider, op: Op, project: Project): Promise<Outcome> {
    if (!project.remote_id) return this.ledger.park(op, 'This project has not been created at the vendor yet.')
    const { fields, unreported } = CAPABILITIES[project.provider]
    const known = fields.filter((f) => !unreported.includes(f))
    let remote: RemoteProject
    try {
      remote = await provider.getProject(project.remote_id, 'push')
    } catch (error) {
      if (error instanceof NotFoundError)
        return this.conflict(
          op,
          project,
          [{ field: DELETED_REMOTELY, base: null, local: 'edited here', remote: 'deleted at the vendor' }],
          {},
        )
      throw error
    }
    const row = fieldsOfRow(project)
    const baseRow: Record<string, unknown> = {
      ...(project.base_json ? (JSON.parse(project.base_json) as Record<string, unknown>) : row),
    }
    // What this op sent before its answer was lost may be at the vendor now: that is our write, not the
    // office's, so it moves the base. Else an edit made here since would look like a conflict with itself.
    const theirsNow = flatFieldsOf(remote) as Record<string, unknown>
    const sent = op.in_flight_json ? (JSON.parse(op.in_flight_json) as Record<string, unknown>) : {}
    for (const [field, value] of Object.entries(sent))
      if ((theirsNow[field] ?? null) === (value ?? null)) baseRow[field] = value
    const merge = threeWayMerge(onlyFields(baseRow, known), onlyFields(row, known), onlyFields(theirsNow, known))
    // A field the vendor never reports cannot conflict: a local change to it is simply sent.
    for (const [field, value] of Object.entries(onlyFields(row, unreported))) {
      if (baseRow[field] !== value) merge.send[field] = value
    }
    const theirs = onlyFields(flatFieldsOf(remote), known)
    let after = remote
    let said: RemoteProject | undefined
    if (Object.keys(merge.send).length) {
      await this.db
        .updateTable('outbox')
        .set({ in_flight_json: JSON.stringify(merge.send) })
        .where('id', '=', op.id)
        .execute()
      said = await provider.updateProject(project.remote_id, toProjectFields(merge.send), remote)
      after = said ?? remote
    }
    // What the vendor now holds: what it says it holds, or (a 204, as Easy PV answers) its copy plus what we sent.
    const nowTheirs = { ...theirs, ...(said ? onlyFields(flatFieldsOf(said), fields) : merge.send) }
    if (merge.conflicts.length) return this.conflict(op, project, merge.conflicts, merge.take, nowTheirs, after)
    await this.db.transaction().execute(async (trx) => {
      const others = await otherUnsentOps(trx, op.entity_key, op.id)
      await trx
        .updateTable('projects')
        .set({
          ...toColumns(merge.take),
          modified_remote: after.modifiedAt,
          base_json: others.length ? JSON.stringify(nowTheirs) : null,
          dirty: others.length ? 1 : 0,
        })
        .where('id', '=', project.id)
        .execute()
      await saveRemoteCopy(trx, project.id, after.raw)
      await this.ledger.markSent(trx, op.id)
    })
    return 'sent'
  }

  /** Holds the op with its conflicting fields; what did not conflict was sent or taken already. */
  private async conflict(
    op: Op,
    project: Project,
    conflicts: { field: string; base: unknown; local: unknown; remote: unknown }[],
    take: FlatFields,
    nowTheirs?: FlatFields,
    after?: RemoteProject,
  ): Promise<Outcome> {
    const now = this.now().toISOString()
    await this.db.transaction().execute(async (trx) => {
      for (const c of conflicts) {
        await trx
          .insertInto('conflicts')
          .values({
            project_id: project.id,
            outbox_id: op.id,
            field: c.field,
            base_json: JSON.stringify(c.base),
            local_json: JSON.stringify(c.local),
            remote_json: JSON.stringify(c.remote),
            created_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
      const held = Object.fromEntries(
        conflicts.filter((c) => c.field !== DELETED_REMOTELY).map((c) => [c.field, c.local]),
      )
      await trx
        .updateTable('outbox')
        .set({
          state: 'conflict',
          payload_json: JSON.stringify(held),
          last_error: 'Changed here and at the vendor: pick which to keep.',
          updated_at: now,
        })
        .where('id', '=', op.id)
        .execute()
      if (nowTheirs) {
        const oldBase = project.base_json ? (JSON.parse(project.base_json) as Record<string, unknown>) : {}
        // The base moves on for everything settled; conflicting fields keep theirs until resolved.
        const base = { ...nowTheirs, ...Object.fromEntries(conflicts.map((c) => [c.field, oldBase[c.field] ?? null])) }
        await trx
          .updateTable('projects')
          .set({
            ...toColumns(take),
            base_json: JSON.stringify(base),
            modified_remote: after?.modifiedAt ?? null,
          })
          .where('id', '=', project.id)
          .execute()
        await saveRemoteCopy(trx, project.id, after?.raw ?? null)
      }
    })
    return 'conflict'
  }
}
