// The content-addressed store (DESIGN §2 attachments/): each file's bytes once, named by their sha256,
// whatever project or title points at them. Bytes arrive in pieces (from a window, over IPC) into a
// staging file that is hashed as it grows, flushed to disk, then renamed into place: the store never
// holds half a file, and a crash leaves at most a staging file that the next start clears.
import { createHash, randomUUID, type Hash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../errors'

export interface StoredFile {
  sha256: string
  /** OpenSolar names files by md5 (file_hash); kept to recognise an upload whose answer was lost. */
  md5: string
  size: number
}

/** The most one attachment may be: a phone's video is already past what a project page needs. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024

export class AttachmentStore {
  private readonly staging: string

  constructor(private readonly root: string) {
    this.staging = path.join(root, '.staging')
  }

  /** Clears what a killed process left half-written. */
  async open(): Promise<void> {
    await fs.promises.rm(this.staging, { recursive: true, force: true })
    await fs.promises.mkdir(this.staging, { recursive: true })
  }

  /**
   * Deletes stored bytes no file points at any more (removed and sent, or given up). Run at start, before
   * anything is staged, with every sha256 the files table still holds. Returns how many were deleted.
   */
  async sweep(referenced: ReadonlySet<string>): Promise<number> {
    let removed = 0
    for (const shard of await fs.promises.readdir(this.root).catch(() => [])) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue
      for (const name of await fs.promises.readdir(path.join(this.root, shard))) {
        if (/^[0-9a-f]{64}$/.test(name) && !referenced.has(name)) {
          await fs.promises.rm(path.join(this.root, shard, name), { force: true })
          removed++
        }
      }
    }
    return removed
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a sha256: ${sha256}`)
    return path.join(this.root, sha256.slice(0, 2), sha256)
  }

  async has(sha256: string): Promise<boolean> {
    return fs.promises.access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    )
  }

  /** Starts receiving a file of `size` bytes. */
  async stage(size: number): Promise<StagedFile> {
    if (size > MAX_ATTACHMENT_BYTES)
      throw new AppError('invalid_input', `Files over ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB cannot be attached.`)
    const file = path.join(this.staging, randomUUID())
    const handle = await fs.promises.open(file, 'wx').catch(rethrowDiskError)
    return new StagedFile(file, handle, size, (stored) => this.commit(file, stored))
  }

  private async commit(staged: string, stored: StoredFile): Promise<void> {
    const final = this.pathOf(stored.sha256)
    if (await this.has(stored.sha256)) {
      // Already here (the same photo on another project): one copy is enough.
      await fs.promises.rm(staged, { force: true })
      return
    }
    await fs.promises.mkdir(path.dirname(final), { recursive: true }).catch(rethrowDiskError)
    await fs.promises.rename(staged, final)
  }
}

export class StagedFile {
  private readonly sha256: Hash = createHash('sha256')
  private readonly md5: Hash = createHash('md5')
  private written = 0
  private closed = false

  constructor(
    private readonly file: string,
    private readonly handle: fs.promises.FileHandle,
    readonly size: number,
    private readonly commit: (stored: StoredFile) => Promise<void>,
  ) {}

  get received(): number {
    return this.written
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new AppError('invalid_input', 'This file has already been finished or abandoned.')
    if (this.written + chunk.length > this.size)
      throw new AppError('invalid_input', 'More bytes arrived than the file was said to have.')
    try {
      await this.handle.write(chunk)
    } catch (error) {
      await this.abort()
      rethrowDiskError(error)
    }
    this.sha256.update(chunk)
    this.md5.update(chunk)
    this.written += chunk.length
  }

  /** Flushes to disk and moves the bytes into the store. */
  async finish(): Promise<StoredFile> {
    if (this.written !== this.size) {
      await this.abort()
      throw new AppError(
        'invalid_input',
        `The file was cut short (${this.written} of ${this.size} bytes). Add it again.`,
      )
    }
    try {
      await this.handle.sync()
    } catch (error) {
      await this.abort()
      rethrowDiskError(error)
    }
    await this.handle.close()
    this.closed = true
    const stored = { sha256: this.sha256.digest('hex'), md5: this.md5.digest('hex'), size: this.size }
    await this.commit(stored)
    return stored
  }

  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      await this.handle.close().catch(() => undefined)
    }
    await fs.promises.rm(this.file, { force: true })
  }
}

/** A full or read-only disk, in words a technician can act on; anything else as it was. */
export function rethrowDiskError(error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOSPC' || code === 'EDQUOT')
    throw new AppError('unavailable', 'The disk is full: the file was not added. Free some space and add it again.', {
      cause: error,
    })
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    throw new AppError('unavailable', 'Solar Field cannot write to its attachments folder. Check its permissions.', {
      cause: error,
    })
  throw error
}
