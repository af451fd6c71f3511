// Files arriving from a window a piece at a time (attachments, map areas): each upload's pieces are
// written in order, one after another — a piece for the wrong offset (lost, or sent twice) is refused —
// and an upload the window stops feeding (closed, crashed) is abandoned after a while, its staging file
// removed. What the upload is for travels with it (`T`).
import { randomUUID } from 'node:crypto'
import { AppError } from '../errors'
import type { AttachmentStore, StagedFile } from './attachment-store'

interface Upload<T> {
  staged: StagedFile
  about: T
  timer: NodeJS.Timeout
  /** The pieces' writes, one after another: two pieces for one offset can never both be written. */
  writes: Promise<unknown>
}

export interface StagedUploadsOptions {
  /** Uploads at once: a dropped folder of photos goes a few at a time, not as a thousand open files. */
  maxAtOnce: number
  abandonedAfterMs: number
  /** What the technician is adding, for messages ("files", "map areas"). */
  noun: string
}

export class StagedUploads<T> {
  private readonly uploads = new Map<string, Upload<T>>()

  constructor(
    private readonly store: AttachmentStore,
    private readonly options: StagedUploadsOptions,
  ) {}

  async begin(size: number, about: T): Promise<string> {
    if (this.uploads.size >= this.options.maxAtOnce)
      throw new AppError(
        'unavailable',
        `Already adding ${this.options.maxAtOnce} ${this.options.noun}: wait for them to finish, then add more.`,
      )
    const staged = await this.store.stage(size)
    const uploadId = randomUUID()
    const timer = setTimeout(() => void this.cancel(uploadId), this.options.abandonedAfterMs)
    timer.unref()
    this.uploads.set(uploadId, { staged, about, timer, writes: Promise.resolve() })
    return uploadId
  }

  async write(uploadId: string, offset: number, bytes: Uint8Array): Promise<{ received: number }> {
    const upload = this.get(uploadId)
    const written = upload.writes.then(async () => {
      // Checked when its turn comes, after the pieces before it are down.
      if (offset !== upload.staged.received)
        throw new AppError(
          'invalid_input',
          `A piece went missing or came twice (expected byte ${upload.staged.received}, got ${offset}). Add it again.`,
        )
      try {
        await upload.staged.write(bytes)
      } catch (error) {
        // The staged file is gone (a full disk…): so is this upload.
        this.forget(uploadId, upload)
        throw error
      }
      upload.timer.refresh()
      return { received: upload.staged.received }
    })
    upload.writes = written.catch(() => undefined)
    return written
  }

  /** Ends the upload once its pieces are down: its staged file and what it was for, for the caller to finish. */
  async take(uploadId: string): Promise<{ staged: StagedFile; about: T }> {
    const upload = this.get(uploadId)
    this.forget(uploadId, upload)
    await upload.writes
    return { staged: upload.staged, about: upload.about }
  }

  async cancel(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId)
    if (!upload) return
    this.forget(uploadId, upload)
    await upload.writes
    await upload.staged.abort()
  }

  private forget(uploadId: string, upload: Upload<T>): void {
    if (this.uploads.get(uploadId) === upload) this.uploads.delete(uploadId)
    clearTimeout(upload.timer)
  }

  private get(uploadId: string): Upload<T> {
    const upload = this.uploads.get(uploadId)
    if (!upload)
      throw new AppError(
        'not_found',
        `This upload is no longer under way (it was finished, cancelled or left too long). Add it again.`,
      )
    return upload
  }
}
