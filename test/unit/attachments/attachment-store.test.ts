import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AttachmentStore, rethrowDiskError, type StagingHandle } from '../../../src-main/attachments/attachment-store'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

async function storeIn(dir = tempDir()) {
  const store = new AttachmentStore(path.join(dir, 'attachments'))
  await store.open()
  return { store, root: path.join(dir, 'attachments') }
}

const put = async (store: AttachmentStore, bytes: Buffer, pieces = 3) => {
  const staged = await store.stage(bytes.length)
  const step = Math.ceil(bytes.length / pieces)
  for (let i = 0; i < bytes.length; i += step) await staged.write(bytes.subarray(i, i + step))
  return staged.finish()
}

describe('AttachmentStore', () => {
  it('stores bytes under their sha256, with the md5 OpenSolar compares', async () => {
    const { store } = await storeIn()
    const bytes = Buffer.from('a photo of the meter board')
    const stored = await put(store, bytes)
    expect(stored).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
      size: bytes.length,
    })
    expect(fs.readFileSync(store.pathOf(stored.sha256)).equals(bytes)).toBe(true)
  })

  it('hashes a large file piece by piece to the same sha256 and md5 as one pass over it', async () => {
    const { store } = await storeIn()
    const bytes = randomBytes(12 * 1024 * 1024)
    const staged = await store.stage(bytes.length)
    for (let offset = 0; offset < bytes.length; offset += 524_288)
      await staged.write(bytes.subarray(offset, offset + 524_288))
    expect(await staged.finish()).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
      size: bytes.length,
    })
  })

  it('keeps one copy of the same bytes', async () => {
    const { store, root } = await storeIn()
    const a = await put(store, Buffer.from('same'))
    const b = await put(store, Buffer.from('same'))
    expect(b.sha256).toBe(a.sha256)
    expect(fs.readdirSync(path.join(root, a.sha256.slice(0, 2)))).toEqual([a.sha256])
    expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([])
  })

  it('refuses more bytes than announced, and a file cut short, leaving nothing behind', async () => {
    const { store, root } = await storeIn()
    const over = await store.stage(3)
    await expect(over.write(Buffer.from('four'))).rejects.toThrow(/More bytes arrived/)
    await over.abort()
    const short = await store.stage(10)
    await short.write(Buffer.from('abc'))
    await expect(short.finish()).rejects.toThrow(/cut short \(3 of 10 bytes\)/)
    expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([])
    expect(fs.readdirSync(root)).toEqual(['.staging'])
  })

  it('clears half-written files a killed process left in staging when it opens', async () => {
    const dir = tempDir()
    const { store, root } = await storeIn(dir)
    const staged = await store.stage(100)
    await staged.write(Buffer.alloc(10))
    expect(fs.readdirSync(path.join(root, '.staging'))).toHaveLength(1)
    await storeIn(dir) // the next start
    expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([])
  })

  it('sweeps away bytes no file points at, keeping the rest', async () => {
    const { store } = await storeIn()
    const kept = await put(store, Buffer.from('kept'))
    const dropped = await put(store, Buffer.from('dropped'))
    expect(await store.sweep(new Set([kept.sha256]))).toBe(1)
    expect(await store.has(kept.sha256)).toBe(true)
    expect(await store.has(dropped.sha256)).toBe(false)
  })

  it.each([
    ['ENOSPC', /disk is full/],
    ['EDQUOT', /disk is full/],
    ['EACCES', /cannot write to its attachments folder/],
    ['EROFS', /cannot write to its attachments folder/],
  ])('explains %s in words a technician can act on', (code, message) => {
    const error = Object.assign(new Error(`${code}: raw`), { code })
    expect(() => rethrowDiskError(error)).toThrow(message)
  })

  it('passes other errors through unchanged', () => {
    const error = Object.assign(new Error('EIO: raw'), { code: 'EIO' })
    expect(() => rethrowDiskError(error)).toThrow(error)
  })

  it('refuses a name that is not a sha256 (no path tricks)', async () => {
    const { store } = await storeIn()
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/Not a sha256/)
  })

  describe('on a disk that takes less than it is given', () => {
    /** A real file whose writes are cut: `take(n)` says how many of n bytes each write puts down. */
    const disk = (take: (length: number, call: number) => number, corrupt = false) => {
      let calls = 0
      return async (file: string): Promise<StagingHandle> => {
        const handle = await fs.promises.open(file, 'wx')
        return {
          write: async (buffer, offset, length, position) => {
            const n = take(length, calls++)
            const bytes = corrupt ? Buffer.alloc(n, 0x55) : buffer.subarray(offset, offset + n)
            if (n > 0) await handle.write(bytes, 0, n, position)
            return { bytesWritten: n }
          },
          sync: () => handle.sync(),
          stat: () => handle.stat(),
          close: () => handle.close(),
        }
      }
    }
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))

    it('writes every byte of a piece the disk takes a little at a time', async () => {
      const root = path.join(tempDir(), 'attachments')
      const store = new AttachmentStore(root, { openForWriting: disk((length) => Math.min(length, 777)) })
      await store.open()
      const stored = await put(store, bytes)
      expect(fs.readFileSync(store.pathOf(stored.sha256)).equals(bytes)).toBe(true)
    })

    it('refuses a file the disk stopped taking, storing nothing under its hash', async () => {
      const root = path.join(tempDir(), 'attachments')
      const store = new AttachmentStore(root, { openForWriting: disk((length, call) => (call < 2 ? length : 0)) })
      await store.open()
      await expect(put(store, bytes, 4)).rejects.toThrow(/disk is full/)
      expect(fs.readdirSync(root)).toEqual(['.staging'])
      expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([])
    })

    it('refuses a file the disk says it wrote but holds otherwise', async () => {
      const root = path.join(tempDir(), 'attachments')
      const store = new AttachmentStore(root, { openForWriting: disk((length) => length, true) })
      await store.open()
      await expect(put(store, bytes)).rejects.toThrow(/not written to the disk as it arrived/)
      expect(fs.readdirSync(root)).toEqual(['.staging'])
    })

    it('replaces a copy in the store that does not match its name, instead of trusting it', async () => {
      const { store } = await storeIn()
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      fs.mkdirSync(path.dirname(store.pathOf(sha256)), { recursive: true })
      fs.writeFileSync(store.pathOf(sha256), bytes.subarray(0, 4096)) // left short by an older build
      await put(store, bytes)
      expect(fs.readFileSync(store.pathOf(sha256)).equals(bytes)).toBe(true)
    })
  })
})
