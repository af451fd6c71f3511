// Offline map areas (issue 13 §3): PMTiles archives of street-level vector tiles the map draws with no
// network — the demo's streets, and area files the technician imports. The bytes live in a content
// store (checked as they are written, like attachments); the map reads them a range at a time, which is
// how PMTiles is meant to be read, so a 2 GB area never has to be loaded whole.
import fs from 'node:fs'
import { bytesToHeader, PMTiles, type Source, TileType } from 'pmtiles'
import type { Kysely, Selectable } from 'kysely'
import type { MapArea } from '../../src-preload/contract'
import type { AttachmentStore } from '../attachments/attachment-store'
import { StagedUploads } from '../attachments/staged-uploads'
import type { Database, MapAreasTable } from '../db/schema'
import { AppError } from '../errors'
import { buildDemoArea } from './demo-area'

/** An imported area: a city's streets are tens of MB, a state's a few GB. */
export const MAX_AREA_BYTES = 4 * 1024 ** 3
/** Versioned: a demo area built by an older release is replaced, not kept. */
export const DEMO_AREA_ID = 'demo-streets-2'
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
        return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) as ArrayBuffer }
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
    metadata = ((await archive.getMetadata()) ?? {}) as { name?: unknown }
    // Its directory must read: a file cut short or scrambled fails here, not on the roof.
    await archive.getZxy(header.minZoom, 0, 0)
  } catch {
    throw new AppError('invalid_input', 'This map area file is damaged or cut short. Copy it again.')
  }
  return { header, name: typeof metadata.name === 'string' ? metadata.name.slice(0, 200) : null }
}

export class MapAreas {
  private readonly imports: StagedUploads<{ name: string }>

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: AttachmentStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.imports = new StagedUploads(store, { maxAtOnce: 2, abandonedAfterMs: 5 * 60_000, noun: 'map areas' })
  }

  async list(): Promise<MapArea[]> {
    const rows = await this.db.selectFrom('map_areas').selectAll().orderBy('source').orderBy('name').execute()
    return rows.map(areaOf)
  }

  /** A range of an area's bytes (the map reads directories and tiles so). */
  async read(id: string, offset: number, length: number): Promise<{ base64: string }> {
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
    const shared = await this.db
      .selectFrom('map_areas')
      .select('id')
      .where('sha256', '=', row.sha256)
      .executeTakeFirst()
    if (!shared) await fs.promises.rm(this.store.pathOf(row.sha256), { force: true })
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
