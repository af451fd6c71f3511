// Writes a PMTiles v3 archive (github.com/protomaps/PMTiles, spec/v3): the offline map areas the app
// builds (the demo's streets, the area kept around each cached project). The `pmtiles` library reads
// archives but does not write them; the format is small: a 127-byte header, a root directory (leaf
// directories when it would pass 16 KiB), JSON metadata, then the tiles, identical tiles stored once.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { zxyToTileId } from 'pmtiles'

export interface TileInput {
  z: number
  x: number
  y: number
  /** The tile as stored (already compressed as `tileCompression` says). */
  data: Uint8Array
}

export interface ArchiveOptions {
  /** 1 = MVT vector tiles. */
  tileType: number
  /** 1 = none, 2 = gzip. */
  tileCompression: number
  bounds: { minLon: number; minLat: number; maxLon: number; maxLat: number }
  center?: { lon: number; lat: number; zoom: number }
  metadata: Record<string, unknown>
}

interface Entry {
  tileId: number
  offset: number
  length: number
  runLength: number
}

const HEADER_BYTES = 127
const ROOT_MAX_BYTES = 16_384 - HEADER_BYTES

function varint(out: number[], value: number): void {
  let v = value
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
}

/** A directory as the spec lays it out: count, then ids (as deltas), run lengths, lengths, offsets. */
function serializeDirectory(entries: readonly Entry[]): Buffer {
  const out: number[] = []
  varint(out, entries.length)
  let last = 0
  for (const e of entries) {
    varint(out, e.tileId - last)
    last = e.tileId
  }
  for (const e of entries) varint(out, e.runLength)
  for (const e of entries) varint(out, e.length)
  entries.forEach((e, i) => {
    const previous = entries[i - 1]
    // 0: right after the previous entry's bytes; else the offset plus one.
    varint(out, i > 0 && previous && e.offset === previous.offset + previous.length ? 0 : e.offset + 1)
  })
  return gzipSync(Buffer.from(out))
}

/** The root directory, with leaf directories when every entry would not fit in the first 16 KiB. */
function directories(entries: Entry[]): { root: Buffer; leaves: Buffer } {
  const whole = serializeDirectory(entries)
  if (whole.length <= ROOT_MAX_BYTES) return { root: whole, leaves: Buffer.alloc(0) }
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: Entry[] = []
    const leafParts: Buffer[] = []
    let offset = 0
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize))
      rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 })
      leafParts.push(leaf)
      offset += leaf.length
    }
    const root = serializeDirectory(rootEntries)
    if (root.length <= ROOT_MAX_BYTES) return { root, leaves: Buffer.concat(leafParts) }
  }
}

const e7 = (degrees: number) => Math.round(degrees * 1e7)

export function writePmtiles(tiles: Iterable<TileInput>, options: ArchiveOptions): Buffer {
  const sorted = [...tiles]
    .map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) }))
    .sort((a, b) => a.tileId - b.tileId)
  if (sorted.length === 0) throw new Error('An area needs at least one tile')
  const entries: Entry[] = []
  const contents: Buffer[] = []
  const stored = new Map<string, { offset: number; length: number }>()
  let dataLength = 0
  for (const tile of sorted) {
    const last = entries.at(-1)
    if (last && last.tileId === tile.tileId) throw new Error(`Tile ${tile.z}/${tile.x}/${tile.y} given twice`)
    const hash = createHash('sha256').update(tile.data).digest('hex')
    const known = stored.get(hash)
    // The same bytes as the tile before, next to it: one entry, a longer run (the sea, an empty field).
    if (known && last && last.offset === known.offset && last.tileId + last.runLength === tile.tileId) {
      last.runLength++
      continue
    }
    const at = known ?? { offset: dataLength, length: tile.data.length }
    if (!known) {
      contents.push(Buffer.from(tile.data))
      stored.set(hash, at)
      dataLength += tile.data.length
    }
    entries.push({ tileId: tile.tileId, offset: at.offset, length: at.length, runLength: 1 })
  }
  const { root, leaves } = directories(entries)
  const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata)))
  const zooms = sorted.map((t) => t.z)
  const center = options.center ?? {
    lon: (options.bounds.minLon + options.bounds.maxLon) / 2,
    lat: (options.bounds.minLat + options.bounds.maxLat) / 2,
    zoom: Math.min(...zooms),
  }

  const header = Buffer.alloc(HEADER_BYTES)
  header.write('PMTiles', 0, 'ascii')
  header.writeUInt8(3, 7)
  const rootOffset = HEADER_BYTES
  const metadataOffset = rootOffset + root.length
  const leavesOffset = metadataOffset + metadata.length
  const dataOffset = leavesOffset + leaves.length
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at)
  u64(rootOffset, 8)
  u64(root.length, 16)
  u64(metadataOffset, 24)
  u64(metadata.length, 32)
  u64(leavesOffset, 40)
  u64(leaves.length, 48)
  u64(dataOffset, 56)
  u64(dataLength, 64)
  u64(sorted.length, 72)
  u64(entries.length, 80)
  u64(contents.length, 88)
  header.writeUInt8(1, 96) // clustered: tiles in id order
  header.writeUInt8(2, 97) // directories and metadata: gzip
  header.writeUInt8(options.tileCompression, 98)
  header.writeUInt8(options.tileType, 99)
  header.writeUInt8(Math.min(...zooms), 100)
  header.writeUInt8(Math.max(...zooms), 101)
  header.writeInt32LE(e7(options.bounds.minLon), 102)
  header.writeInt32LE(e7(options.bounds.minLat), 106)
  header.writeInt32LE(e7(options.bounds.maxLon), 110)
  header.writeInt32LE(e7(options.bounds.maxLat), 114)
  header.writeUInt8(center.zoom, 118)
  header.writeInt32LE(e7(center.lon), 119)
  header.writeInt32LE(e7(center.lat), 123)
  return Buffer.concat([header, root, metadata, leaves, ...contents])
}
