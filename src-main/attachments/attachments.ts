// A project's files, as the technician handles them: add (bytes arrive in pieces from the window),
// rename, tag, remove. Like an edit, each change is written here and queued for the vendor in ONE
// transaction; a vendor that takes no files keeps them on this computer, marked so.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Kysely, Selectable } from 'kysely'
import type { Attachment } from '../../src-shared/contract'
import type { Database, FilesTable } from '../db/schema'
import { AppError } from '../errors'
import { CAPABILITIES } from '../providers/capabilities'
import { fileEntity, type Outbox } from '../sync/outbox/outbox'
import { readSyncState } from '../db/sync-state'
import type { UploadProgress } from '../sync/upload-progress'
import { type AttachmentStore, rethrowDiskError } from './attachment-store'
import { StagedUploads } from './staged-uploads'

/** What only the shell can do: open a file with the OS's viewer (Electron), fetch a vendor's copy. */
export interface AttachmentPorts {
  /** Opens a file; resolves to an error message, or to '' / nothing when it opened. */
  openExternally?: (file: string) => Promise<string | void>
  download?: (accountId: string, remoteId: string, destination: string) => Promise<void>
  tempDir?: string
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/webp': '.webp',
}

/** A file name the OS can open: no folders, no control characters, an extension that says what it is. */
export function safeFileName(title: string, mime: string): string {
  const cleaned = title
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\p{Cc}/gu, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120)
  const name = cleaned || 'file'
  const extension = EXTENSIONS[mime]
  return extension && !name.toLowerCase().endsWith(extension) && !/\.[a-z0-9]{2,5}$/i.test(name)
    ? `${name}${extension}`
    : name
}

type FileRow = Selectable<FilesTable>

/** What an upload in progress will become. */
interface Adding {
  projectId: string
  title: string
  mime: string
}

/** A window that stops sending pieces (closed, crashed) does not leave a staging file open forever. */
const ABANDONED_AFTER_MS = 5 * 60_000
/** Files being added at once: a dropped folder of photos goes a few at a time, not as a thousand open files. */
export const MAX_STAGING = 8

export class Attachments {
  private readonly staging: StagedUploads<Adding>

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: AttachmentStore,
    private readonly outbox: Outbox,
    private readonly uploads: UploadProgress,
    private readonly now: () => Date = () => new Date(),
    private readonly ports: AttachmentPorts = {},
  ) {
    this.staging = new StagedUploads(store, {
      maxAtOnce: MAX_STAGING,
      abandonedAfterMs: ABANDONED_AFTER_MS,
      noun: 'files',
    })
  }
  /** The account's file tag names, as last read from the vendor (none if never read). */
  private async fileTagsOf(accountId: string): Promise<string[]> {
    return (await readSyncState(this.db, accountId, 'fileTags'))?.value ?? []
  }

  /** A piece of a file's bytes from the store (previews, thumbnails, a copy saved elsewhere). */
  async read(id: string, offset: number, length: number): Promise<{ base64: string; size: number }> {
    const row = await this.row(id)
    if (!row.sha256)
      throw new AppError(
        'not_found',
        `"${row.title}" is not on this computer yet: download it first (it needs signal).`,
      )
    const handle = await fs.promises.open(this.store.pathOf(row.sha256), 'r')
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, row.size - offset)))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset)
      return { base64: buffer.subarray(0, bytesRead).toString('base64'), size: row.size }
    } finally {
      await handle.close()
    }
  }

  /**
   * Opens a file with the computer's own viewer. The viewer gets a copy under the file's name (the store
   * names files by hash, with no extension for the OS to go by), in a folder of its own under the temp
   * folder: the name is cleaned, so nothing a vendor or a window calls a file can point elsewhere.
   */
  async open(id: string): Promise<{ opened: boolean }> {
    const row = await this.row(id)
    if (!this.ports.openExternally) return { opened: false }
    if (!row.sha256)
      throw new AppError(
        'not_found',
        `"${row.title}" is not on this computer yet: download it first (it needs signal).`,
      )
    const folder = path.join(this.ports.tempDir ?? os.tmpdir(), 'solar-field-open', randomUUID())
    const copy = path.join(folder, safeFileName(row.title, row.mime))
    if (path.dirname(copy) !== folder) throw new AppError('invalid_input', 'This file name cannot be opened safely.')
    await fs.promises.mkdir(folder, { recursive: true }).catch(rethrowDiskError)
    await fs.promises.copyFile(this.store.pathOf(row.sha256), copy).catch(rethrowDiskError)
    if ((await fs.promises.stat(copy)).size !== row.size)
      throw new AppError('unavailable', 'The copy to open could not be written whole (is the disk full?).')
    const problem = await this.ports.openExternally(copy)
    if (problem) throw new AppError('unavailable', `The computer could not open "${row.title}": ${problem}`)
    return { opened: true }
  }

  /** Downloads a vendor's file into the store, checked like any file added here. */
  async fetch(id: string): Promise<Attachment> {
    const row = await this.row(id)
    if (row.sha256) return this.toAttachment(row)
    if (!row.remote_id || !this.ports.download)
      throw new AppError('not_found', `"${row.title}" has no copy at the vendor to download.`)
    const temporary = path.join(this.ports.tempDir ?? os.tmpdir(), `solar-field-download-${randomUUID()}`)
    try {
      await this.ports.download(row.account_id, row.remote_id, temporary)
      const { size } = await fs.promises.stat(temporary)
      const staged = await this.store.stage(size)
      for await (const chunk of fs.createReadStream(temporary)) await staged.write(chunk as Buffer)
      const stored = await staged.finish()
      await this.db
        .updateTable('files')
        .set({ sha256: stored.sha256, md5: stored.md5, size: stored.size })
        .where('id', '=', id)
        .execute()
    } finally {
      await fs.promises.rm(temporary, { force: true })
    }
    return this.get(id)
  }

  async list(projectId: string): Promise<{ items: Attachment[]; uploads: boolean; tagOptions: string[] }> {
    const project = await this.project(projectId)
    const rows = await this.db
      .selectFrom('files')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('deleted', '=', 0)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute()
    const items = await Promise.all(rows.map((row) => this.toAttachment(row)))
    const { files, fileTags } = CAPABILITIES[project.provider]
    return { items, uploads: files, tagOptions: fileTags ? await this.fileTagsOf(project.account_id) : [] }
  }

  async begin(input: { projectId: string; title: string; size: number; mime: string }): Promise<{ uploadId: string }> {
    await this.project(input.projectId)
    const { projectId, title, mime } = input
    return { uploadId: await this.staging.begin(input.size, { projectId, title, mime }) }
  }

  write(input: { uploadId: string; offset: number; bytes: Uint8Array }): Promise<{ received: number }> {
    return this.staging.write(input.uploadId, input.offset, input.bytes)
  }

  async finish(uploadId: string): Promise<Attachment> {
    const { staged, about: entry } = await this.staging.take(uploadId)
    const stored = await staged.finish()
    const id = randomUUID()
    await this.db.transaction().execute(async (trx) => {
      const project = await trx
        .selectFrom('projects')
        .select(['account_id', 'provider'])
        .where('id', '=', entry.projectId)
        .where('deleted', '=', 0)
        .executeTakeFirst()
      if (!project) throw new AppError('not_found', 'This project was removed while the file was being added.')
      const same = await trx
        .selectFrom('files')
        .select('title')
        .where('project_id', '=', entry.projectId)
        .where('sha256', '=', stored.sha256)
        .where('deleted', '=', 0)
        .executeTakeFirst()
      if (same) throw new AppError('invalid_input', `This file is already attached, as "${same.title}".`)
      const uploads = CAPABILITIES[project.provider].files
      await trx
        .insertInto('files')
        .values({
          id,
          project_id: entry.projectId,
          account_id: project.account_id,
          sha256: stored.sha256,
          md5: stored.md5,
          title: entry.title,
          size: stored.size,
          mime: entry.mime,
          upload_state: uploads ? 'pending' : 'local',
          created_at: this.now().toISOString(),
        })
        .execute()
      if (uploads) await this.outbox.enqueue(trx, project.account_id, fileEntity(id), 'upload', { title: entry.title })
    })
    return this.get(id)
  }

  cancel(uploadId: string): Promise<void> {
    return this.staging.cancel(uploadId)
  }

  async rename(id: string, title: string): Promise<Attachment> {
    await this.change(id, { title }, 'rename', { title })
    return this.get(id)
  }

  async setTags(id: string, tags: string[]): Promise<Attachment> {
    const row = await this.row(id)
    const project = await this.project(row.project_id)
    if (!CAPABILITIES[project.provider].fileTags)
      throw new AppError('invalid_input', 'Files of this vendor cannot be tagged.')
    // Checked against the org's list once it has been read; before the first sync, the vendor checks on sending.
    const known = await this.fileTagsOf(project.account_id)
    const unknown = known.length ? tags.find((t) => !known.includes(t)) : undefined
    if (unknown !== undefined)
      throw new AppError('invalid_input', `"${unknown}" is not one of the vendor's file tags (${known.join(', ')}).`)
    const unique = [...new Set(tags)]
    await this.change(id, { tags_json: JSON.stringify(unique) }, 'tag', { tags: unique })
    return this.get(id)
  }

  /** Removes here and queues the removal; a file never uploaded is simply gone. */
  async remove(id: string): Promise<void> {
    const row = await this.row(id)
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('files').set({ deleted: 1 }).where('id', '=', id).execute()
      if (row.upload_state === 'local') {
        await trx.deleteFrom('files').where('id', '=', id).execute()
        return
      }
      await this.outbox.enqueue(trx, row.account_id, fileEntity(id), 'file_delete', {})
      // upload + delete coalesced to nothing: the vendor never heard of it.
      if ((await this.outbox.pendingCount(trx, fileEntity(id))) === 0)
        await trx.deleteFrom('files').where('id', '=', id).execute()
    })
  }

  private async change(
    id: string,
    columns: Partial<Pick<FileRow, 'title' | 'tags_json'>>,
    op: 'rename' | 'tag',
    payload: Record<string, unknown>,
  ): Promise<void> {
    const row = await this.row(id)
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('files').set(columns).where('id', '=', id).execute()
      if (row.upload_state !== 'local') await this.outbox.enqueue(trx, row.account_id, fileEntity(id), op, payload)
    })
  }

  private async get(id: string): Promise<Attachment> {
    return this.toAttachment(await this.row(id))
  }

  private async row(id: string): Promise<FileRow> {
    const row = await this.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', id)
      .where('deleted', '=', 0)
      .executeTakeFirst()
    if (!row) throw new AppError('not_found', 'This file is no longer attached.')
    return row
  }

  private async project(projectId: string) {
    const project = await this.db
      .selectFrom('projects')
      .select(['id', 'provider', 'account_id'])
      .where('id', '=', projectId)
      .where('deleted', '=', 0)
      .executeTakeFirst()
    if (!project) throw new AppError('not_found', 'This project is no longer in the local cache.')
    return project
  }

  private async toAttachment(row: FileRow): Promise<Attachment> {
    const op = await this.db
      .selectFrom('outbox')
      .select(['state', 'last_error'])
      .where('entity_key', '=', fileEntity(row.id))
      .where('state', '!=', 'sent')
      .orderBy('id')
      .executeTakeFirst()
    const progress = this.uploads.fraction(row.id)
    const state: Attachment['state'] =
      op?.state === 'parked' || op?.state === 'failed'
        ? 'failed'
        : progress !== null
          ? 'uploading'
          : row.upload_state === 'pending'
            ? 'waiting'
            : row.upload_state
    return {
      id: row.id,
      projectId: row.project_id,
      title: row.title,
      tags: JSON.parse(row.tags_json) as string[],
      size: row.size,
      mime: row.mime,
      state,
      progress,
      error: state === 'failed' ? (op?.last_error ?? null) : null,
      local: row.sha256 !== null,
      createdAt: row.created_at,
    }
  }
}
