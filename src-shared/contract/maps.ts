// Offline map areas: the streets this computer holds, read a range at a time, imported, kept.
import { z } from 'zod'
import { MAP_AREA_CHUNK_BYTES } from './constants'
import { cleanText, Id, type Methods, NoInput, WritePiece } from './common'

/** An offline map area: street-level tiles on this computer (the demo's, or a file imported). */
export const MapArea = z.object({
  id: z.string(),
  name: z.string(),
  /** 'online': the tile source set in Settings, read through main while there is a connection. */
  source: z.enum(['demo', 'imported', 'kept', 'online']),
  /** 0 for the online source (its size is the host's). */
  bytes: z.number().int().nonnegative(),
  minZoom: z.number().int(),
  maxZoom: z.number().int(),
  /** West, south, east, north. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})
export type MapArea = z.infer<typeof MapArea>

export const mapMethods = {
  /** The offline map areas on this computer. */
  'maps.areas': { input: NoInput, output: z.object({ areas: z.array(MapArea) }) },
  /** A range of an area's bytes: the map reads its directories and tiles a range at a time. */
  'maps.read': {
    input: z
      .object({
        id: z.string().min(1).max(100),
        offset: z.number().int().min(0),
        length: z.number().int().min(1).max(MAP_AREA_CHUNK_BYTES),
      })
      .strict(),
    output: z.object({ base64: z.string() }),
  },
  /** Imports an area file (PMTiles) from this computer, a piece at a time, as files are added. */
  'maps.importBegin': {
    input: z
      .object({
        name: cleanText(z.string().trim().min(1).max(200)),
        size: z.number().int().min(1, 'This file is empty (0 bytes): it holds no map.'),
      })
      .strict(),
    output: z.object({ uploadId: Id }),
  },
  'maps.importWrite': WritePiece,
  'maps.importFinish': { input: z.object({ uploadId: Id }).strict(), output: MapArea },
  'maps.importCancel': { input: z.object({ uploadId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** Copies the online source's streets around the projects into the kept area, up to the size set. */
  'maps.keepNow': {
    input: NoInput,
    output: z.object({
      area: MapArea.nullable(),
      tiles: z.number().int().nonnegative(),
      /** Projects whose surroundings are all kept (nearest the top of the list first). */
      projects: z.number().int().nonnegative(),
    }),
  },
  'maps.remove': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const satisfies Methods
