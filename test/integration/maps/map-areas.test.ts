// Offline map areas: the demo's streets built and kept, area files imported a piece at a time and checked,
// and every range the map asks for read back as it was written.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { PMTiles, type Source } from 'pmtiles'
import { describe, expect, it } from 'vitest'
import { AttachmentStore } from '../../../src-main/attachments/attachment-store'
import { MARKETS } from '../../../src-main/demo/demo-geography'
import { DEMO_AREA_ID, MapAreas, MAX_AREA_BYTES } from '../../../src-main/maps/map-areas'
import { writePmtiles } from '../../../src-main/maps/pmtiles-writer'
import { openTestDatabase } from '../../helpers/database'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

async function setup() {
  const dir = tempDir()
  const { db } = await openTestDatabase(dir)
  const store = new AttachmentStore(path.join(dir, 'maps'), { maxBytes: MAX_AREA_BYTES, noun: 'Map areas' })
  await store.open()
  return { db, store, areas: new MapAreas(db, store), dir }
}

/** The area as the window reads it: ranges through `maps.read`. */
const throughReads = (areas: MapAreas, id: string) =>
  new PMTiles({
    getKey: () => id,
    getBytes: async (offset, length) => {
      const { base64 } = await areas.read(id, offset, length)
      const bytes = Buffer.from(base64, 'base64')
      return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }
    },
  } satisfies Source)

const smallArea = (name: string, tileType = 1) =>
  writePmtiles([{ z: 12, x: 703, y: 1607, data: gzipSync(Buffer.from('not really a tile')) }], {
    tileType,
    tileCompression: 2,
    bounds: { minLon: -119.9, minLat: 36.6, maxLon: -119.7, maxLat: 36.8 },
    metadata: { name },
  })

async function importBytes(areas: MapAreas, name: string, bytes: Buffer, piece = 4096) {
  const { uploadId } = await areas.beginImport({ name, size: bytes.length })
  for (let offset = 0; offset < bytes.length; offset += piece)
    await areas.writeImport({ uploadId, offset, bytes: bytes.subarray(offset, offset + piece) })
  return areas.finishImport(uploadId)
}

describe('offline map areas', () => {
  it('builds the demo’s streets once, covering every demo place, readable range by range', async () => {
    const { areas } = await setup()
    await areas.ensureDemoArea()
    const [demo] = await areas.list()
    expect(demo).toMatchObject({ id: DEMO_AREA_ID, source: 'demo', minZoom: 10, maxZoom: 15 })
    const [west, south, east, north] = demo!.bounds
    for (const place of MARKETS.flatMap((m) => m.places)) {
      expect(place.lng).toBeGreaterThan(west)
      expect(place.lng).toBeLessThan(east)
      expect(place.lat).toBeGreaterThan(south)
      expect(place.lat).toBeLessThan(north)
    }
    const archive = throughReads(areas, DEMO_AREA_ID)
    expect((await archive.getHeader()).tileType).toBe(1)
    // A street-level tile where a demo place is.
    const place = MARKETS[0]!.places[0]!
    const z = 15
    const x = Math.floor(((place.lng + 180) / 360) * 2 ** z)
    const rad = (place.lat * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
    expect((await archive.getZxy(z, x, y))?.data.byteLength).toBeGreaterThan(100)

    // Kept: asked again, nothing is rebuilt.
    const before = (await areas.list())[0]
    await areas.ensureDemoArea()
    expect((await areas.list())[0]).toEqual(before)
  })

  it('imports an area file a piece at a time, named by its metadata, and the same file once', async () => {
    const { areas } = await setup()
    const bytes = smallArea('Fresno, CA')
    const area = await importBytes(areas, 'fresno.pmtiles', bytes, 100)
    expect(area).toMatchObject({ name: 'Fresno, CA', source: 'imported', bytes: bytes.length, minZoom: 12 })
    expect(area.bounds[0]).toBeCloseTo(-119.9)
    const again = await importBytes(areas, 'copy.pmtiles', bytes)
    expect(again.id).toBe(area.id)
    expect(await areas.list()).toHaveLength(1)
    const tile = await throughReads(areas, area.id).getZxy(12, 703, 1607)
    expect(Buffer.from(tile!.data).toString()).toBe('not really a tile')
  })

  it('refuses what is not a street area, in plain words, keeping nothing of it', async () => {
    const { areas, store } = await setup()
    await expect(importBytes(areas, 'photo.jpg', Buffer.from('\xff\xd8\xff\xe0 a jpeg, not a map'))).rejects.toThrow(
      /not a map area file/,
    )
    await expect(importBytes(areas, 'satellite.pmtiles', smallArea('Sat', 2))).rejects.toThrow(/pictures, not streets/)
    const whole = smallArea('Cut short')
    await expect(importBytes(areas, 'cut.pmtiles', whole.subarray(0, 140))).rejects.toThrow(/damaged or cut short/)
    expect(await areas.list()).toEqual([])
    // No stored bytes left behind.
    const stored = fs
      .readdirSync(path.dirname(path.dirname(store.pathOf('0'.repeat(64)))))
      .filter((name) => /^[0-9a-f]{2}$/.test(name))
      .flatMap((shard) => fs.readdirSync(path.join(path.dirname(path.dirname(store.pathOf('0'.repeat(64)))), shard)))
    expect(stored).toEqual([])
  })

  it('removes an area and its file; reading it after says so', async () => {
    const { areas, store } = await setup()
    const bytes = smallArea('X')
    const area = await importBytes(areas, 'x.pmtiles', bytes)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(await store.has(sha256)).toBe(true)
    await areas.remove(area.id)
    expect(await areas.list()).toEqual([])
    expect(await store.has(sha256)).toBe(false)
    await expect(areas.read(area.id, 0, 10)).rejects.toThrow(/no longer on this computer/)
  })
})
