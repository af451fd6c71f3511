// Offline basemap from Natural Earth (world-atlas): no tiles, no network, works on a site with no signal.
import type { Feature, FeatureCollection, MultiLineString } from 'geojson'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import countriesUrl from 'world-atlas/countries-50m.json?url'
import { unwrapAntimeridian } from './antimeridian'

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
