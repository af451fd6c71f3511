// Delivers a file's op (upload, rename/retag, remove) to a vendor that takes files. An upload in doubt
// is resumed by its part-upload id, or found by its md5, before it is ever sent again.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { NotFoundError } from '../../providers/http/errors'
import type { Provider, RemoteFile } from '../../providers/provider'
import type { UploadProgress } from '../upload-progress'
import type { Op, OpLedger, Outcome } from './op-ledger'

export class FileDelivery {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: OpLedger,
    private readonly store: { pathOf(sha256: string): string } | undefined,
    private readonly uploads: UploadProgress | undefined,
  ) {}

  /** Uploads, renames, retags or removes a file at the vendor (OpenSolar private files). */
  async deliver(provider: Provider, op: Op): Promise<Outcome> {
    const fileId = op.entity_key.replace(/^file:/, '')
    const file = await this.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst()
    if (!file) return this.ledger.finish(op)
    const project = await this.db
      .selectFrom('projects')
      .select(['remote_id', 'deleted'])
      .where('id', '=', file.project_id)
      .executeTakeFirst()
    const remote = provider.attachments
    if (!remote || !this.store)
      return this.ledger.park(op, 'This vendor does not take files: it stays on this computer.')
    // The project is being (or has been) deleted: its files go with it, nothing to send.
    if (!project || project.deleted) return this.ledger.finish(op)
    if (!project.remote_id) return 'waiting'
    const remoteProjectId = project.remote_id
    const localPath = file.sha256 ? this.store.pathOf(file.sha256) : null
    const tags = JSON.parse(file.tags_json) as string[]
    try {
      if (op.op === 'upload' && op.state === 'sending' && localPath) {
        // In doubt: the upload may have reached the vendor before the crash or the lost answer. A part
        // upload that had begun is resumed by its id; a whole one is looked for among the project's files.
        if (file.remote_id) {
          const remoteId = file.remote_id
          const done = await this.withProgress(op, file, (onProgress) => remote.resume(remoteId, localPath, onProgress))
          return this.uploaded(op, fileId, done)
        }
        // By content, not name: the file may have been renamed here since the upload left.
        const mapped = new Set(
          (
            await this.db
              .selectFrom('files')
              .select('remote_id')
              .where('account_id', '=', file.account_id)
              .where('remote_id', 'is not', null)
              .execute()
          ).map((f) => f.remote_id),
        )
        const found = (await remote.listForProject(remoteProjectId)).find(
          (f) => f.complete && f.md5 === file.md5 && !mapped.has(f.remoteId),
        )
        if (found) return this.uploaded(op, fileId, found)
      }
      op = await this.ledger.sending(op)
      switch (op.op) {
        case 'upload': {
          if (!localPath) return this.ledger.park(op, 'The file is no longer on this computer: attach it again.')
          const done = await this.withProgress(op, file, (onProgress) =>
            remote.upload({
              remoteProjectId,
              localPath,
              title: file.title,
              tags,
              onProgress,
              onStarted: async (remoteId) => {
                await this.db.updateTable('files').set({ remote_id: remoteId }).where('id', '=', fileId).execute()
              },
            }),
          )
          return this.uploaded(op, fileId, done)
        }
        case 'rename':
        case 'tag': {
          if (!file.remote_id) return this.ledger.park(op, 'This file has not reached the vendor yet.')
          const payload = JSON.parse(op.payload_json) as Record<string, unknown>
          // A rename and a retag coalesce into one op: send what it carries, from the file's current values.
          let after = 'title' in payload ? await remote.rename(file.remote_id, file.title) : undefined
          if ('tags' in payload) after = await remote.setTags(file.remote_id, tags)
          await this.db.transaction().execute(async (trx) => {
            if (after)
              await trx
                .updateTable('files')
                .set({ remote_json: JSON.stringify(after.raw) })
                .where('id', '=', fileId)
                .execute()
            await this.ledger.markSent(trx, op.id)
          })
          return 'sent'
        }
        case 'file_delete':
          if (file.remote_id) {
            try {
              await remote.delete(file.remote_id)
            } catch (error) {
              if (!(error instanceof NotFoundError)) throw error
            }
          }
          await this.db.transaction().execute(async (trx) => {
            await this.ledger.markSent(trx, op.id)
            await trx.deleteFrom('files').where('id', '=', fileId).execute()
          })
          return 'sent'
        default:
          return this.ledger.park(op, `Solar Field cannot send "${op.op}" for a file.`)
      }
    } catch (error) {
      return this.ledger.failed(op, error)
    }
  }

  private async withProgress<T>(
    op: Op,
    file: { id: string; size: number },
    send: (onProgress: (sent: number, total: number) => void) => Promise<T>,
  ): Promise<T> {
    const progress = this.uploads
    progress?.start(op.id, op.account_id, file.id, file.size)
    try {
      return await send((sent, total) => progress?.update(op.id, sent, total))
    } finally {
      progress?.end(op.id)
    }
  }

  private async uploaded(op: Op, fileId: string, remote: RemoteFile): Promise<Outcome> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('files')
        .set({ remote_id: remote.remoteId, remote_json: JSON.stringify(remote.raw), upload_state: 'uploaded' })
        .where('id', '=', fileId)
        .execute()
      await this.ledger.markSent(trx, op.id)
    })
    return 'sent'
  }
}
