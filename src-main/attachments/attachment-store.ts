// The content-addressed store: each file's bytes once, named by their sha256,
// whatever project or title points at them. Bytes arrive in pieces (from a window, over IPC) into a
// staging file that is hashed as it grows, flushed to disk, checked, then renamed into place: the
// store never holds half a file, and a crash leaves at most a staging file that the next start clears.
//
// Every write is checked: a nearly full disk may take part of a piece without failing, and a file
// stored under the sha256 of bytes it does not hold would be uploaded as if whole. So each piece is
// written until all of it is down, and before the rename the file's size and a CRC of its bytes, read
// back from the disk, must match what arrived.
import { createHash, randomUUID, type Hash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { AppError } from '../errors'

/** What the store needs of an open file (fs.promises.FileHandle; tests pass one that fails like a full disk). */
export interface StagingHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>
  sync(): Promise<void>
  stat(): Promise<{ size: number }>
  close(): Promise<void>
}

export interface StoreOptions {
  openForWriting?: (file: string) => Promise<StagingHandle>
  /** The largest file it takes, and what it calls its files in a refusal (the map areas' store takes larger). */
  maxBytes?: number
  noun?: string
}

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
  private readonly openForWriting: (file: string) => Promise<StagingHandle>
  private readonly maxBytes: number
  private readonly noun: string

  constructor(
    private readonly root: string,
    options: StoreOptions = {},
  ) {
    this.staging = path.join(root, '.staging')
    this.openForWriting = options.openForWriting ?? ((file) => fs.promises.open(file, 'wx'))
    this.maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES
    this.noun = options.noun ?? 'Files'
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
    if (size > this.maxBytes)
      throw new AppError('invalid_input', `${this.noun} over ${this.maxBytes / 1024 / 1024} MB cannot be added.`)
    const file = path.join(this.staging, randomUUID())
    const handle = await this.openForWriting(file).catch(rethrowDiskError)
    return new StagedFile(file, handle, size, (stored) => this.commit(file, stored))
  }

  private async commit(staged: string, stored: StoredFile): Promise<void> {
    const final = this.pathOf(stored.sha256)
    // Already here (the same photo on another project): one copy is enough, if that copy is whole. One
    // left short by an older build or a damaged disk is replaced by these bytes, which were checked.
    if ((await this.has(stored.sha256)) && (await sha256Of(final).catch(() => null)) === stored.sha256) {
      await fs.promises.rm(staged, { force: true })
      return
    }
    await fs.promises.mkdir(path.dirname(final), { recursive: true }).catch(rethrowDiskError)
    await fs.promises.rename(staged, final).catch(rethrowDiskError)
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function crc32Of(file: string): Promise<number> {
  let crc = 0
  for await (const chunk of fs.createReadStream(file)) crc = crc32(chunk as Buffer, crc)
  return crc
}

export class StagedFile {
  private readonly sha256: Hash = createHash('sha256')
  private readonly md5: Hash = createHash('md5')
  /** Of the bytes that arrived, to check against what the disk gives back. */
  private crc = 0
  private written = 0
  private closed = false

  constructor(
    private readonly file: string,
    private readonly handle: StagingHandle,
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
      // A write may take fewer bytes than it was given (a nearly full disk): go on until all are down.
      for (let done = 0; done < chunk.length;) {
        const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done, this.written + done)
        if (!(bytesWritten > 0)) throw Object.assign(new Error('The disk took no more bytes'), { code: 'ENOSPC' })
        done += bytesWritten
      }
    } catch (error) {
      await this.abort()
      rethrowDiskError(error)
    }
    this.sha256.update(chunk)
    this.md5.update(chunk)
    this.crc = crc32(chunk, this.crc)
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
      const { size } = await this.handle.stat()
      await this.handle.close()
      this.closed = true
      // What the disk gives back must be what arrived, before the file is named by its hash.
      if (size !== this.size || (await crc32Of(this.file)) !== this.crc)
        throw new AppError(
          'unavailable',
          size !== this.size
            ? `The file could not be written whole (${size} of ${this.size} bytes reached the disk). Free some space and add it again.`
            : 'The file was not written to the disk as it arrived. Add it again; if this repeats, check the disk.',
        )
    } catch (error) {
      await this.abort()
      rethrowDiskError(error)
    }
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
  if (error instanceof AppError) throw error
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOSPC' || code === 'EDQUOT')
    throw new AppError('unavailable', 'The disk is full: the file was not added. Free some space and add it again.', {
      cause: error,
    })
  // ENOTDIR/EEXIST: a file stands where a folder of the store should be.
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') {
    const where = (error as NodeJS.ErrnoException).path
    throw new AppError(
      'unavailable',
      `Solar Field cannot write to its attachments folder${where ? ` (${where})` : ''}. Check its permissions.`,
      { cause: error },
    )
  }
  throw error
}
