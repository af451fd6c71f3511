// Offline map areas: PMTiles archives of street-level vector tiles the map draws with no
// network — the demo's streets, and area files the technician imports. The bytes live in a content
// store (checked as they are written, like attachments); the map reads them a range at a time, which is
// how PMTiles is meant to be read, so a 2 GB area never has to be loaded whole.
import fs from 'node:fs'
import { gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { bytesToHeader, PMTiles, type Source, TileType } from 'pmtiles'
import type { Kysely, Selectable } from 'kysely'
import type { MapArea } from '../../src-shared/contract'
import type { AttachmentStore } from '../attachments/attachment-store'
import { StagedUploads } from '../attachments/staged-uploads'
import type { Database, MapAreasTable } from '../db/schema'
import { AppError } from '../errors'
import { buildDemoArea } from './demo-area'
import { type TileInput, writePmtiles } from './pmtiles-writer'
import { remoteArchive } from './remote-archive'
import { around, tileRange } from './tile-math'

/** An imported area: a city's streets are tens of MB, a state's a few GB. */
export const MAX_AREA_BYTES = 4 * 1024 ** 3
/** Versioned: a demo area built by an older release is replaced, not kept. */
export const DEMO_AREA_ID = 'demo-streets-2'
export const KEPT_AREA_ID = 'kept-around-projects'
export const ONLINE_AREA_ID = 'online'
/** Streets kept this far around each project: the roads to it and the block it is on. */
const KEEP_AROUND_M = 400
/** The zooms kept: streets and their names (the map draws them larger past the last). */
const KEEP_ZOOMS = { min: 12, max: 15 }

/** What Settings says of map areas (preferences): the online source, and how much may be kept of it. */
export interface MapAreaSettings {
  mapSource: string | null
  keepMapMb: number
}
const HEADER_BYTES = 127

const areaOf = (row: Selectable<MapAreasTable>): MapArea => ({
  id: row.id,
  name: row.name,
  source: row.source,
  bytes: row.bytes,
  minZoom: row.min_zoom,
  maxZoom: row.max_zoom,
  bounds: [row.west, row.south, row.east, row.north],
})

/** A file's byte ranges as the pmtiles library asks for them. */
function fileSource(file: string): Source {
  return {
    getKey: () => file,
    getBytes: async (offset, length) => {
      const handle = await fs.promises.open(file, 'r')
      try {
        const buffer = Buffer.alloc(length)
        const { bytesRead } = await handle.read(buffer, 0, length, offset)
        return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) }
      } finally {
        await handle.close()
      }
    },
  }
}

/** What an archive says of itself, checked: a PMTiles v3 file of vector tiles whose parts lie inside it. */
async function readArchive(file: string, size: number) {
  const source = fileSource(file)
  const start = await source.getBytes(0, HEADER_BYTES)
  let header
  try {
    header = bytesToHeader(start.data)
  } catch {
    throw new AppError('invalid_input', 'This is not a map area file (PMTiles). Choose a .pmtiles file.')
  }
  if (header.specVersion !== 3)
    throw new AppError(
      'invalid_input',
      `This map area file is PMTiles version ${header.specVersion}; version 3 is needed.`,
    )
  if (header.tileType !== TileType.Mvt)
    throw new AppError(
      'invalid_input',
      'This map area file holds pictures, not streets (vector tiles) the map can draw.',
    )
  const inside = (offset: number, length = 0) => offset >= 0 && length >= 0 && offset + length <= size
  if (
    !inside(header.rootDirectoryOffset, header.rootDirectoryLength) ||
    !inside(header.jsonMetadataOffset, header.jsonMetadataLength) ||
    !inside(header.tileDataOffset, header.tileDataLength ?? 0) ||
    header.minLon > header.maxLon ||
    header.minLat > header.maxLat ||
    Math.abs(header.minLat) > 90 ||
    Math.abs(header.minLon) > 180
  )
    throw new AppError('invalid_input', 'This map area file is damaged or cut short. Copy it again.')
  const archive = new PMTiles(source)
  let metadata: { name?: unknown } = {}
  try {
    metadata = (await archive.getMetadata()) ?? {}
    // Its directory must read: a file cut short or scrambled fails here, not on the roof.
    await archive.getZxy(header.minZoom, 0, 0)
  } catch {
    throw new AppError('invalid_input', 'This map area file is damaged or cut short. Copy it again.')
  }
  return { header, name: typeof metadata.name === 'string' ? metadata.name.slice(0, 200) : null }
}

export class MapAreas {
  private readonly imports: StagedUploads<{ name: string }>
  private online: { address: string; source: Source } | null = null
  private keeping: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: AttachmentStore,
    private readonly now: () => Date = () => new Date(),
    private readonly settings: () => MapAreaSettings = () => ({ mapSource: null, keepMapMb: 0 }),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.imports = new StagedUploads(store, { maxAtOnce: 2, abandonedAfterMs: 5 * 60_000, noun: 'map areas' })
  }

  async list(): Promise<MapArea[]> {
    const rows = await this.db.selectFrom('map_areas').selectAll().orderBy('source').orderBy('name').execute()
    const { mapSource } = this.settings()
    // The online source first: drawn under the areas on this computer, which hold the same streets.
    const online: MapArea[] = mapSource
      ? [
          {
            id: ONLINE_AREA_ID,
            name: `Online streets (${new URL(mapSource).host})`,
            source: 'online',
            bytes: 0,
            minZoom: 0,
            maxZoom: 15,
            bounds: [-180, -85, 180, 85],
          },
        ]
      : []
    return [...online, ...rows.map(areaOf)]
  }

  /** The online source as set now (one reader per address: the pmtiles library caches its directories). */
  private onlineSource(): Source {
    const { mapSource } = this.settings()
    if (!mapSource) throw new AppError('not_found', 'No online street source is set (Settings → Offline maps).')
    if (this.online?.address !== mapSource)
      this.online = { address: mapSource, source: remoteArchive(mapSource, this.fetchImpl) }
    return this.online.source
  }

  /**
   * Copies the online source's streets around the projects into the kept area, most recently changed
   * projects first, until the size set in Settings is reached; tiles kept before are not fetched again.
   */
  keepAroundProjects(): Promise<{ area: MapArea | null; tiles: number; projects: number }> {
    const run = this.keeping.then(() => this.keep())
    this.keeping = run.catch(() => undefined)
    return run
  }

  private async keep(): Promise<{ area: MapArea | null; tiles: number; projects: number }> {
    const limit = this.settings().keepMapMb * 1024 * 1024
    const remote = new PMTiles(this.onlineSource())
    const header = await remote.getHeader().catch((error: unknown) => {
      throw error instanceof AppError
        ? error
        : new AppError('invalid_input', 'The online street source is not a map area (PMTiles).', { cause: error })
    })
    if (header.tileType !== TileType.Mvt)
      throw new AppError('invalid_input', 'The online street source holds pictures, not streets (vector tiles).')
    const before = await this.db.selectFrom('map_areas').selectAll().where('id', '=', KEPT_AREA_ID).executeTakeFirst()
    const kept =
      before && (await this.store.has(before.sha256)) ? new PMTiles(fileSource(this.store.pathOf(before.sha256))) : null
    const projects = await this.db
      .selectFrom('projects')
      .select(['lat', 'lng'])
      .where('deleted', '=', 0)
      .where('lat', 'is not', null)
      .where('lng', 'is not', null)
      .orderBy(sql`coalesce(modified_local, modified_remote, '')`, 'desc')
      .execute()
    const chosen = new Map<string, TileInput | null>()
    let bytes = 0
    let complete = 0
    let full = false
    const zooms = { min: Math.max(header.minZoom, KEEP_ZOOMS.min), max: Math.min(header.maxZoom, KEEP_ZOOMS.max) }
    for (const project of projects) {
      for (let z = zooms.min; z <= zooms.max && !full; z++) {
        const { x0, x1, y0, y1 } = tileRange(z, around(project.lat!, project.lng!, KEEP_AROUND_M))
        for (let x = x0; x <= x1 && !full; x++)
          for (let y = y0; y <= y1 && !full; y++) {
            const key = `${z}/${x}/${y}`
            if (chosen.has(key)) continue
            const tile = (await kept?.getZxy(z, x, y)) ?? (await remote.getZxy(z, x, y))
            if (!tile) {
              chosen.set(key, null) // nothing there (open country, the sea)
              continue
            }
            const data = gzipSync(Buffer.from(tile.data))
            if (bytes + data.length > limit) full = true
            else {
              chosen.set(key, { z, x, y, data })
              bytes += data.length
            }
          }
      }
      if (full) break
      complete++
    }
    const tiles = [...chosen.values()].filter((t): t is TileInput => t !== null)
    if (tiles.length === 0) return { area: null, tiles: 0, projects: complete }
    const covered = projects.slice(0, Math.max(1, complete))
    const archive = writePmtiles(tiles, {
      tileType: TileType.Mvt,
      tileCompression: 2,
      bounds: {
        minLon: Math.min(...covered.map((p) => p.lng!)),
        minLat: Math.min(...covered.map((p) => p.lat!)),
        maxLon: Math.max(...covered.map((p) => p.lng!)),
        maxLat: Math.max(...covered.map((p) => p.lat!)),
      },
      metadata: { name: 'Around your projects', source: this.settings().mapSource },
    })
    const staged = await this.store.stage(archive.length)
    await staged.write(archive)
    const stored = await staged.finish()
    const area = await this.add(KEPT_AREA_ID, 'Around your projects', 'kept', stored)
    if (before && before.sha256 !== stored.sha256) await this.dropUnused(before.sha256)
    return { area, tiles: tiles.length, projects: complete }
  }

  private async dropUnused(sha256: string): Promise<void> {
    const shared = await this.db.selectFrom('map_areas').select('id').where('sha256', '=', sha256).executeTakeFirst()
    if (!shared) await fs.promises.rm(this.store.pathOf(sha256), { force: true })
  }

  /** A range of an area's bytes (the map reads directories and tiles so). */
  async read(id: string, offset: number, length: number): Promise<{ base64: string }> {
    if (id === ONLINE_AREA_ID) {
      const { data } = await this.onlineSource().getBytes(offset, length)
      return { base64: Buffer.from(data).toString('base64') }
    }
    const row = await this.row(id)
    const file = this.store.pathOf(row.sha256)
    if (offset >= row.bytes) return { base64: '' }
    const { data } = await fileSource(file)
      .getBytes(offset, Math.min(length, row.bytes - offset))
      .catch((error: unknown) => {
        throw new AppError('not_found', 'This map area’s file is missing from this computer. Import it again.', {
          cause: error,
        })
      })
    return { base64: Buffer.from(data).toString('base64') }
  }

  /** The demo's streets, built once (a second or so) and kept; again if its file went missing. */
  async ensureDemoArea(): Promise<void> {
    for (const old of await this.db
      .selectFrom('map_areas')
      .select('id')
      .where('source', '=', 'demo')
      .where('id', '!=', DEMO_AREA_ID)
      .execute())
      await this.remove(old.id)
    const existing = await this.db.selectFrom('map_areas').selectAll().where('id', '=', DEMO_AREA_ID).executeTakeFirst()
    if (existing && (await this.store.has(existing.sha256))) return
    const bytes = buildDemoArea()
    const staged = await this.store.stage(bytes.length)
    await staged.write(bytes)
    await this.add(DEMO_AREA_ID, 'Demo streets', 'demo', await staged.finish())
  }

  async beginImport(input: { name: string; size: number }): Promise<{ uploadId: string }> {
    return { uploadId: await this.imports.begin(input.size, { name: input.name }) }
  }

  writeImport(input: { uploadId: string; offset: number; bytes: Uint8Array }): Promise<{ received: number }> {
    return this.imports.write(input.uploadId, input.offset, input.bytes)
  }

  async finishImport(uploadId: string): Promise<MapArea> {
    const { staged, about } = await this.imports.take(uploadId)
    const stored = await staged.finish()
    const existing = await this.db
      .selectFrom('map_areas')
      .selectAll()
      .where('sha256', '=', stored.sha256)
      .executeTakeFirst()
    if (existing) return areaOf(existing)
    try {
      return await this.add(`area-${stored.sha256.slice(0, 16)}`, about.name, 'imported', stored)
    } catch (error) {
      // Not an area: its bytes are not kept.
      await fs.promises.rm(this.store.pathOf(stored.sha256), { force: true })
      throw error
    }
  }

  cancelImport(uploadId: string): Promise<void> {
    return this.imports.cancel(uploadId)
  }

  async remove(id: string): Promise<void> {
    const row = await this.row(id)
    await this.db.deleteFrom('map_areas').where('id', '=', id).execute()
    await this.dropUnused(row.sha256)
  }

  private async add(
    id: string,
    fallbackName: string,
    source: MapAreasTable['source'],
    stored: { sha256: string; size: number },
  ): Promise<MapArea> {
    const { header, name } = await readArchive(this.store.pathOf(stored.sha256), stored.size)
    const row = {
      id,
      name: source === 'demo' ? fallbackName : (name ?? fallbackName),
      source,
      sha256: stored.sha256,
      bytes: stored.size,
      min_zoom: header.minZoom,
      max_zoom: header.maxZoom,
      west: header.minLon,
      south: header.minLat,
      east: header.maxLon,
      north: header.maxLat,
      added_at: this.now().toISOString(),
    }
    await this.db
      .insertInto('map_areas')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute()
    return areaOf(row)
  }

  private async row(id: string) {
    const row = await this.db.selectFrom('map_areas').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('not_found', 'This map area is no longer on this computer.')
    return row
  }
}
