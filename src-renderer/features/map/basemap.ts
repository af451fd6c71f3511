// Offline basemap from Natural Earth (world-atlas): no tiles, no network, works on a site with no signal.
import type { Feature, FeatureCollection, Geometry, MultiLineString, Position } from 'geojson'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import countriesUrl from 'world-atlas/countries-50m.json?url'

export interface Basemap {
  land: FeatureCollection
  borders: Feature<MultiLineString>
}

export async function loadBasemap(): Promise<Basemap> {
  const response = await fetch(countriesUrl)
  if (!response.ok) throw new Error(`Basemap missing (${response.status})`)
  const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>
  const land = feature(topology, topology.objects.countries)
  return {
    land: { ...land, features: land.features.map((f) => ({ ...f, geometry: unwrapAntimeridian(f.geometry) })) },
    borders: {
      type: 'Feature',
      properties: {},
      geometry: mesh(topology, topology.objects.countries, (a, b) => a !== b),
    },
  }
}

/**
 * Rings that cross ±180° (Russia, Fiji, Antarctica) are stored split at the seam; drawn as is,
 * their edges streak across the whole map. Shifting the negative longitudes of such a ring by
 * 360° keeps it in one piece.
 */
export function unwrapAntimeridian(geometry: Geometry): Geometry {
  const fixRing = (ring: Position[]): Position[] => {
    const lngs = ring.map((p) => p[0] ?? 0)
    if (Math.max(...lngs) - Math.min(...lngs) <= 180) return ring
    return ring.map(([lng = 0, lat = 0]) => [lng < 0 ? lng + 360 : lng, lat])
  }
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map(fixRing) }
  if (geometry.type === 'MultiPolygon') {
    return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(fixRing)) }
  }
  return geometry
}
