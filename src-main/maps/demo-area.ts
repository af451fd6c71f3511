// The demo's offline streets: a street-level area around every demo place, in the Protomaps
// basemap schema (earth, roads, places, buildings, landuse) so the app's map style draws it like any
// area a technician imports. The demo's projects and addresses are invented, so are these streets: a
// grid around each town, and for each demo project the street its address names, passing its house.
// Deterministic (same places, same streets), built once when the demo starts, written as PMTiles.
import { gzipSync } from 'node:zlib'
import type { Feature, Geometry } from 'geojson'
import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import { MARKETS } from '../demo/demo-geography'
import { DEMO_PROJECTS_PER_VENDOR, DEMO_SEED, generateProjects } from '../demo/demo-world'
import { type TileInput, writePmtiles } from './pmtiles-writer'
import { tileRange } from './tile-math'

export const DEMO_AREA_ZOOMS = { min: 10, max: 15 } as const
/** How far the streets reach around a place's centre, in degrees of latitude (about 3.3 km). */
const REACH = 0.03
/** Between two streets of the grid (about 165 m). */
const BLOCK = 0.0015
const EXTENT = 4096

type Properties = Record<string, string | number>
/** The style labels in the reader's language (`name:en`), falling back to `name` only for some layers. */
const feature = (geometry: Geometry, properties: Properties): Feature => ({
  type: 'Feature',
  geometry,
  properties: typeof properties['name'] === 'string' ? { ...properties, 'name:en': properties['name'] } : properties,
})
const line = (coordinates: [number, number][], properties: Properties) =>
  feature({ type: 'LineString', coordinates }, properties)
const box = (west: number, south: number, east: number, north: number, properties: Properties) =>
  feature(
    {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    },
    properties,
  )

/** The street part of an address line: "12 Maple Ave" → "Maple Ave". */
const streetName = (address: string) => address.replace(/^\s*\d+[a-z]?\s+/i, '').trim()

type Layers = Record<'earth' | 'landuse' | 'roads' | 'buildings' | 'places', Feature[]>

function demoFeatures(): { layers: Layers; bounds: { west: number; south: number; east: number; north: number }[] } {
  const layers: Layers = { earth: [], landuse: [], roads: [], buildings: [], places: [] }
  const bounds: { west: number; south: number; east: number; north: number }[] = []
  for (const market of MARKETS) {
    for (const [p, place] of market.places.entries()) {
      const reachLng = REACH / Math.cos((place.lat * Math.PI) / 180)
      const area = {
        west: place.lng - reachLng,
        south: place.lat - REACH,
        east: place.lng + reachLng,
        north: place.lat + REACH,
      }
      bounds.push(area)
      layers.earth.push(box(area.west, area.south, area.east, area.north, { kind: 'earth' }))
      const blockLng = BLOCK / Math.cos((place.lat * Math.PI) / 180)
      const rows = Math.floor((2 * REACH) / BLOCK)
      for (let i = 1; i < rows; i++) {
        const major = i % 6 === 0
        const lat = area.south + i * BLOCK
        const lng = area.west + i * blockLng
        const name = (n: number) => market.streets[(n + p * 3) % market.streets.length]!
        layers.roads.push(
          line(
            [
              [area.west, lat],
              [area.east, lat],
            ],
            major
              ? { kind: 'major_road', kind_detail: 'secondary', name: `${place.locality} Road`, min_zoom: 10 }
              : { kind: 'minor_road', kind_detail: 'residential', name: name(i), min_zoom: 13 },
          ),
          line(
            [
              [lng, area.south],
              [lng, area.north],
            ],
            major
              ? { kind: 'major_road', kind_detail: 'secondary', name: `${name(i + 1)} Hwy`, min_zoom: 10 }
              : { kind: 'minor_road', kind_detail: 'residential', name: name(i + 7), min_zoom: 13 },
          ),
        )
      }
      // A park in the middle of town.
      layers.landuse.push(
        box(place.lng + blockLng * 0.1, place.lat + BLOCK * 0.1, place.lng + blockLng * 1.9, place.lat + BLOCK * 0.9, {
          kind: 'park',
          name: `${place.locality} Park`,
        }),
      )
      layers.places.push(
        feature(
          { type: 'Point', coordinates: [place.lng, place.lat] },
          { kind: 'locality', name: place.locality, min_zoom: 8, population_rank: 10 },
        ),
      )
    }
  }
  // Each demo project's house, its number, and the street its address names running past it.
  for (const market of MARKETS) {
    for (const project of generateProjects(market.vendor, DEMO_PROJECTS_PER_VENDOR, DEMO_SEED)) {
      const street = streetName(project.address)
      const dLat = 0.00011 // the street runs about 12 m south of the house
      const dLng = 0.0025 / Math.cos((project.lat * Math.PI) / 180)
      layers.roads.push(
        line(
          [
            [project.lng - dLng, project.lat - dLat],
            [project.lng + dLng, project.lat - dLat],
          ],
          { kind: 'minor_road', kind_detail: 'residential', name: street, min_zoom: 13 },
        ),
      )
      const w = 0.00007 / Math.cos((project.lat * Math.PI) / 180)
      layers.buildings.push(
        box(project.lng - w, project.lat - 0.00004, project.lng + w, project.lat + 0.00005, { kind: 'building' }),
        feature(
          { type: 'Point', coordinates: [project.lng, project.lat] },
          { kind: 'address', addr_housenumber: project.address.split(' ')[0] ?? '' },
        ),
      )
    }
  }
  return { layers, bounds }
}

/** The demo area as a PMTiles archive (a few MB), and what it covers. */
export function buildDemoArea(): Buffer {
  const { layers, bounds } = demoFeatures()
  const indexes = Object.fromEntries(
    Object.entries(layers).map(([name, features]) => [
      name,
      new GeoJSONVT(
        { type: 'FeatureCollection', features },
        {
          maxZoom: DEMO_AREA_ZOOMS.max,
          indexMaxZoom: 6,
          extent: EXTENT,
          buffer: 64,
        },
      ),
    ]),
  )
  const tiles: TileInput[] = []
  const seen = new Set<string>()
  for (let z = DEMO_AREA_ZOOMS.min; z <= DEMO_AREA_ZOOMS.max; z++) {
    for (const area of bounds) {
      const { x0, x1, y0, y1 } = tileRange(z, area)
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const key = `${z}/${x}/${y}`
          if (seen.has(key)) continue
          seen.add(key)
          const found = Object.fromEntries(
            Object.entries(indexes).flatMap(([name, index]) => {
              const tile = index.getTile(z, x, y)
              return tile && tile.features.length ? [[name, tile]] : []
            }),
          )
          if (Object.keys(found).length === 0) continue
          tiles.push({ z, x, y, data: gzipSync(fromGeojsonVt(found, { version: 2, extent: EXTENT })) })
        }
      }
    }
  }
  const west = Math.min(...bounds.map((b) => b.west))
  const south = Math.min(...bounds.map((b) => b.south))
  const east = Math.max(...bounds.map((b) => b.east))
  const north = Math.max(...bounds.map((b) => b.north))
  return writePmtiles(tiles, {
    tileType: 1,
    tileCompression: 2,
    bounds: { minLon: west, minLat: south, maxLon: east, maxLat: north },
    metadata: {
      name: 'Solar Field demo streets',
      description: "Invented streets around the demo's invented projects, for the demo's offline map.",
      attribution: 'Solar Field demo',
      vector_layers: Object.keys(layers).map((id) => ({ id, fields: {} })),
    },
  })
}
