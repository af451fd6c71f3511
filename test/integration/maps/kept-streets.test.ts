// An online street source (the simulators' tile host: a PMTiles archive served by range), read through main,
// and the streets around the projects kept from it within the size set, for the map to draw offline.
import path from 'node:path'
import { PMTiles } from 'pmtiles'
import { describe, expect, it } from 'vitest'
import { AttachmentStore } from '../../../src-main/attachments/attachment-store'
import { KEPT_AREA_ID, MapAreas, MAX_AREA_BYTES, ONLINE_AREA_ID } from '../../../src-main/maps/map-areas'
import { generateProjects, DEMO_SEED } from '../../../src-main/demo/demo-world'
import { insertAccount, insertProject, openTestDatabase } from '../../helpers/database'
import { useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'
import { TILES_ARCHIVE_PATH } from '../../../src-main/demo/simulators/tiles/app'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

async function setup(keepMapMb: number, projects = 6) {
  const s = await sandboxes({ projects: 2, sites: 1 })
  const dir = tempDir()
  const { db } = await openTestDatabase(dir)
  const accountId = await insertAccount(db, { id: 'os', provider: 'opensolar' })
  // Projects where the demo's streets are (the tile host serves the demo area), newest first.
  const located = generateProjects('opensolar', projects, DEMO_SEED)
  for (const [i, p] of located.entries())
    await insertProject(db, accountId, {
      title: p.address,
      lat: p.lat,
      lng: p.lng,
      modified_remote: new Date(Date.UTC(2026, 0, 1) + (projects - i) * 60_000).toISOString(),
    })
  const store = new AttachmentStore(path.join(dir, 'maps'), { maxBytes: MAX_AREA_BYTES, noun: 'Map areas' })
  await store.open()
  const settings = { mapSource: `${s.baseUrls.tiles}${TILES_ARCHIVE_PATH}` as string | null, keepMapMb }
  const areas = new MapAreas(
    db,
    store,
    () => new Date(),
    () => settings,
  )
  return { s, areas, located, settings }
}

const tileAt = (lat: number, lng: number, z: number) => {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return {
    x: Math.floor(((lng + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  }
}

const through = (areas: MapAreas, id: string) =>
  new PMTiles({
    getKey: () => id,
    getBytes: async (offset, length) => {
      const bytes = Buffer.from((await areas.read(id, offset, length)).base64, 'base64')
      return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }
    },
  })

describe('streets from an online source', () => {
  it('are read through main while online, and those around the projects are kept for offline', async () => {
    const { s, areas, located } = await setup(50)
    expect((await areas.list())[0]).toMatchObject({ id: ONLINE_AREA_ID, source: 'online' })
    const { x, y } = tileAt(located[0]!.lat, located[0]!.lng, 15)
    expect((await through(areas, ONLINE_AREA_ID).getZxy(15, x, y))?.data.byteLength).toBeGreaterThan(100)

    const kept = await areas.keepAroundProjects()
    expect(kept.projects).toBe(located.length)
    expect(kept.area).toMatchObject({ id: KEPT_AREA_ID, source: 'kept', minZoom: 12, maxZoom: 15 })
    // Offline: the host unreachable, the kept streets still read from this computer.
    s.faults.add({ vendor: 'tiles', drop: 'before-response' })
    await expect(through(areas, ONLINE_AREA_ID).getHeader()).rejects.toThrow(/could not be read/)
    for (const p of located) {
      const tile = tileAt(p.lat, p.lng, 15)
      expect((await through(areas, KEPT_AREA_ID).getZxy(15, tile.x, tile.y))?.data.byteLength).toBeGreaterThan(100)
    }
  })

  it('keeps no more than the size set, newest projects first, and fetches nothing twice', async () => {
    // About 50 kB: room for some of the 40 projects' streets (the demo's tiles are small), not all.
    const { s, areas, located } = await setup(0.05, 40)
    const first = await areas.keepAroundProjects()
    expect(first.projects).toBeGreaterThan(0)
    expect(first.projects).toBeLessThan(40)
    // Tiles within the size (the archive adds its header and directory).
    expect(first.area!.bytes).toBeLessThanOrEqual(0.05 * 1024 * 1024 + 16_384)
    const newest = tileAt(located[0]!.lat, located[0]!.lng, 15)
    expect(await through(areas, KEPT_AREA_ID).getZxy(15, newest.x, newest.y)).toBeDefined()
    // Again, with nothing new: every tile comes from what was kept, none from the host.
    s.log.clear()
    const again = await areas.keepAroundProjects()
    expect(again.tiles).toBe(first.tiles)
    const tileReads = s.log.all({ vendor: 'tiles' }).length
    // Only the host's header and directories may be read again, never its tiles.
    expect(tileReads).toBeLessThanOrEqual(3)
  })

  it('refuses a source on plain http to the internet, and says so when none is set', async () => {
    const { areas, settings } = await setup(10, 1)
    settings.mapSource = 'http://tiles.example.com/streets.pmtiles'
    await expect(areas.keepAroundProjects()).rejects.toThrow(/https/)
    settings.mapSource = null
    await expect(areas.read(ONLINE_AREA_ID, 0, 10)).rejects.toThrow(/No online street source/)
    expect((await areas.list()).find((a) => a.source === 'online')).toBeUndefined()
  })
})
