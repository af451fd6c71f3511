import { describe, expect, it } from 'vitest'
import { PMTiles, type Source } from 'pmtiles'
import { writePmtiles } from '../../../src-main/maps/pmtiles-writer'

/** The archive as the pmtiles library reads it (what the window uses). */
const reader = (archive: Buffer) => {
  const source: Source = {
    getKey: () => 'test',
    getBytes: async (offset, length) => ({
      data: archive.buffer.slice(archive.byteOffset + offset, archive.byteOffset + offset + length) as ArrayBuffer,
    }),
  }
  return new PMTiles(source)
}

const bounds = { minLon: -120, minLat: 36, maxLon: -119, maxLat: 37 }
const bytes = (text: string) => new TextEncoder().encode(text)

describe('PMTiles writer', () => {
  it('writes tiles the pmtiles library reads back, with the header and metadata given', async () => {
    const tiles = [
      { z: 14, x: 2826, y: 6443, data: bytes('tile a') },
      { z: 0, x: 0, y: 0, data: bytes('world') },
      { z: 14, x: 2827, y: 6443, data: bytes('tile b') },
    ]
    const archive = reader(writePmtiles(tiles, { tileType: 1, tileCompression: 1, bounds, metadata: { name: 'Test' } }))
    const header = await archive.getHeader()
    expect(header).toMatchObject({ specVersion: 3, tileType: 1, minZoom: 0, maxZoom: 14, numAddressedTiles: 3 })
    expect(header.minLon).toBeCloseTo(-120)
    expect(header.maxLat).toBeCloseTo(37)
    expect(await archive.getMetadata()).toEqual({ name: 'Test' })
    for (const tile of tiles) {
      const got = await archive.getZxy(tile.z, tile.x, tile.y)
      expect(new TextDecoder().decode(got!.data)).toBe(new TextDecoder().decode(tile.data))
    }
    expect(await archive.getZxy(14, 1, 1)).toBeUndefined()
  })

  it('stores identical tiles once, and a run of them as one entry', async () => {
    const sea = bytes('the same sea')
    const tiles = Array.from({ length: 64 }, (_, i) => ({ z: 6, x: i % 8, y: Math.floor(i / 8), data: sea }))
    const written = writePmtiles(tiles, { tileType: 1, tileCompression: 1, bounds, metadata: {} })
    const header = await reader(written).getHeader()
    expect(header.numAddressedTiles).toBe(64)
    expect(header.numTileContents).toBe(1)
    expect(header.numTileEntries).toBeLessThan(64)
    expect((await reader(written).getZxy(6, 7, 7))!.data.byteLength).toBe(sea.length)
  })

  it('puts a large directory in leaves, each tile still found', async () => {
    // Scattered tiles of varied sizes: a directory that does not compress into 16 KiB.
    const at = (i: number) => ({ x: (i * 7919) % 65_536, y: (i * 104_729) % 65_536 })
    const tiles = Array.from({ length: 40_000 }, (_, i) => ({
      z: 16,
      ...at(i),
      data: bytes(`t${i}`.repeat(1 + (i % 5))),
    }))
    const written = writePmtiles(tiles, { tileType: 1, tileCompression: 1, bounds, metadata: {} })
    const archive = reader(written)
    const header = await archive.getHeader()
    expect(header.rootDirectoryLength).toBeLessThanOrEqual(16_384 - 127)
    expect(header.leafDirectoryLength).toBeGreaterThan(0)
    for (const i of [0, 1, 12_345, 39_999])
      expect(new TextDecoder().decode((await archive.getZxy(16, at(i).x, at(i).y))!.data)).toBe(
        `t${i}`.repeat(1 + (i % 5)),
      )
  })

  it('refuses an empty area and a tile given twice', () => {
    expect(() => writePmtiles([], { tileType: 1, tileCompression: 1, bounds, metadata: {} })).toThrow(/at least one/)
    const twice = [
      { z: 1, x: 0, y: 0, data: bytes('a') },
      { z: 1, x: 0, y: 0, data: bytes('b') },
    ]
    expect(() => writePmtiles(twice, { tileType: 1, tileCompression: 1, bounds, metadata: {} })).toThrow(/twice/)
  })
})
