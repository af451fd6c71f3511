import 'maplibre-gl/dist/maplibre-gl.css'
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { useEffect, useRef, useState } from 'react'
import type { ProjectSummary } from '../../../src-shared/contract'
import { VENDORS } from '../projects/vendors'
import { useContractQuery } from '../../api/contract-hooks'
import { useTransfers } from '../../api/transfers'
import { loadBasemap } from './basemap'
import { showAreas } from './offline-areas'
import type { PinPlacement } from './pin-placement'
import type { Pin, PinSource } from './pin-source'

// The worker is a bundled file served from our own origin: the CSP allows no other script source.
maplibregl.setWorkerUrl(workerUrl)

/** The basemap's colours, light and dark (the dark theme's map must not glare on site at dusk). */
const PALETTE = {
  light: { water: '#c8dbe8', land: '#f3f1ec', borders: '#b9b3a6' },
  dark: { water: '#1b2735', land: '#2b2f33', borders: '#4a5058' },
}
const vendorColor = [
  'match',
  ['get', 'vendor'],
  ...Object.entries(VENDORS).flatMap(([k, v]) => [k, v.color]),
  '#868e96',
]

export const MARK_PINS_READY = 'solar-field:pins-ready'
export const MARK_PINS_DRAWN = 'solar-field:pins-drawn'

/** What the map shows of a project it was given whole (search results, the selected one). */
type Located = Pick<ProjectSummary, 'id' | 'vendor' | 'pending' | 'pin'> & { lat: number; lng: number }

export interface ProjectMapProps {
  /** Every pin the filters keep, fed to the map as it changes. */
  pins: PinSource
  /** While searching: only these, instead of every pin. */
  results: readonly Located[] | null
  selected: Located | null
  onSelect: (id: string) => void
  /** A pin was clicked: the map knows its number, not its project's id. */
  onSelectPin: (pin: number) => void
  /**
   * The map frames its points once per key (e.g. per search); in between, the view is the technician's.
   * Null while the points for a new key are still arriving.
   */
  frameKey: string | null
  /** A form is setting a location: a draggable pin, moved by dragging it or clicking the map. */
  placing?: PinPlacement | null
  dark?: boolean
}

export function ProjectMap({
  pins,
  results,
  selected,
  onSelect,
  onSelectPin,
  frameKey,
  placing = null,
  dark = false,
}: ProjectMapProps) {
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const [ready, setReady] = useState(false)
  const [basemapLoaded, setBasemapLoaded] = useState(false)
  const [problem, setProblem] = useState<string | null>(webglProblem)
  const onSelectRef = useRef({ onSelect, onSelectPin })
  useEffect(() => {
    onSelectRef.current = { onSelect, onSelectPin }
  }, [onSelect, onSelectPin])

  // Offline street areas: drawn under the pins, read from this computer (never the network).
  const { readMapRange } = useTransfers()
  const areas = useContractQuery('maps.areas', {}).data?.areas
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map || !areas) return
    showAreas(maplibregl, map, areas, readMapRange, { dark, beforeId: 'clusters' })
    container.current?.setAttribute('data-areas', String(areas.length))
    // What the areas drew once the map settled: streets to find the site by (and a test can wait for).
    const count = () => {
      const layers = map
        .getStyle()
        .layers.filter((l) => l.id.startsWith('area-'))
        .map((l) => l.id)
      const drawn = layers.length ? map.queryRenderedFeatures({ layers }).length : 0
      container.current?.setAttribute('data-area-features', String(drawn))
    }
    map.on('idle', count)
    return () => void map.off('idle', count)
  }, [ready, areas, dark, readMapRange])

  useEffect(() => {
    if (!container.current) return
    let map: maplibregl.Map
    try {
      map = new maplibregl.Map({
        container: container.current,
        style: {
          version: 8,
          sources: {
            land: { type: 'geojson', data: emptyCollection() },
            borders: { type: 'geojson', data: emptyCollection() },
            // Fed by changes (updateData), each pin a feature whose id is its number.
            projects: {
              type: 'geojson',
              data: emptyCollection(),
              cluster: true,
              clusterRadius: 36,
              clusterMaxZoom: 13,
              // How many of a group's sites have an open alert: the group is badged too.
              clusterProperties: { alerts: ['+', ['get', 'alert']] },
            },
            results: { type: 'geojson', data: emptyCollection() },
            selected: { type: 'geojson', data: emptyCollection() },
          },
          layers: [
            { id: 'water', type: 'background', paint: { 'background-color': PALETTE.light.water } },
            { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': PALETTE.light.land } },
            {
              id: 'borders',
              type: 'line',
              source: 'borders',
              paint: { 'line-color': PALETTE.light.borders, 'line-width': 0.8 },
            },
            {
              id: 'clusters',
              type: 'circle',
              source: 'projects',
              filter: ['has', 'point_count'],
              paint: {
                'circle-color': '#343a40',
                'circle-opacity': 0.78,
                'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 9, 20, 14, 100, 20, 500, 28],
                'circle-stroke-color': '#ffffff',
                'circle-stroke-width': 2,
              },
            },
            {
              id: 'project-points',
              type: 'circle',
              source: 'projects',
              filter: ['!', ['has', 'point_count']],
              paint: {
                'circle-color': vendorColor as maplibregl.ExpressionSpecification,
                'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 4, 14, 8],
                'circle-stroke-color': ['case', ['>', ['get', 'pending'], 0], '#f59f00', '#ffffff'],
                'circle-stroke-width': ['case', ['>', ['get', 'pending'], 0], 3, 1.5],
              },
            },
            // An open alert: a red dot on the pin's shoulder, and a count on a group that holds one.
            {
              id: 'project-alerts',
              type: 'circle',
              source: 'projects',
              filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'alert'], 1]],
              paint: {
                'circle-color': '#e03131',
                'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 3, 14, 5],
                'circle-translate': [7, -7],
                'circle-stroke-color': '#ffffff',
                'circle-stroke-width': 1.5,
              },
            },
            {
              id: 'cluster-alerts',
              type: 'circle',
              source: 'projects',
              filter: ['all', ['has', 'point_count'], ['>', ['get', 'alerts'], 0]],
              paint: {
                'circle-color': '#e03131',
                'circle-radius': 4,
                'circle-translate': [11, -11],
                'circle-stroke-color': '#ffffff',
                'circle-stroke-width': 1.5,
              },
            },
            {
              id: 'result-points',
              type: 'circle',
              source: 'results',
              paint: {
                'circle-color': vendorColor as maplibregl.ExpressionSpecification,
                'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 5, 14, 9],
                'circle-stroke-color': ['case', ['>', ['get', 'pending'], 0], '#f59f00', '#ffffff'],
                'circle-stroke-width': ['case', ['>', ['get', 'pending'], 0], 3, 1.5],
              },
            },
            {
              id: 'selected-halo',
              type: 'circle',
              source: 'selected',
              paint: {
                'circle-radius': 15,
                'circle-color': 'rgba(255,255,255,0.85)',
                'circle-stroke-color': '#212529',
                'circle-stroke-width': 3,
              },
            },
            // The selected pin is drawn on its own, above any cluster that would otherwise swallow it.
            {
              id: 'selected-point',
              type: 'circle',
              source: 'selected',
              paint: { 'circle-radius': 7, 'circle-color': vendorColor as maplibregl.ExpressionSpecification },
            },
          ],
        },
        center: [20, 15],
        zoom: 1.2,
        attributionControl: { compact: true, customAttribution: 'Natural Earth' },
        dragRotate: false,
      })
    } catch (error) {
      // Reported after the effect: the list and detail pane still work without a map.
      void Promise.resolve().then(() => setProblem(`The map could not start (${String(error)}).`))
      return
    }
    mapRef.current = map
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new maplibregl.ScaleControl({}), 'bottom-left')
    map.touchZoomRotate.disableRotation()

    map.on('load', () => {
      setReady(true)
      loadBasemap()
        .then(({ land, borders }) => {
          void map.getSource<maplibregl.GeoJSONSource>('land')?.setData(land)
          void map.getSource<maplibregl.GeoJSONSource>('borders')?.setData(borders)
          setBasemapLoaded(true)
        })
        .catch((error: unknown) => setProblem(`Basemap unavailable: ${String(error)}`))
    })
    map.on('click', (event) => {
      // While a pin is being placed, a click puts it there instead of choosing another project.
      const placement = placingRef.current
      if (placement) {
        placement.onPlace(round(event.lngLat.lat), round(event.lngLat.lng))
        return
      }
      const [hit] = map.queryRenderedFeatures(event.point, {
        layers: ['result-points', 'project-points'].filter(
          (layer) => map.getLayoutProperty(layer, 'visibility') !== 'none',
        ),
      })
      const id: unknown = hit?.properties['id']
      if (typeof id === 'string') onSelectRef.current.onSelect(id)
      else if (typeof hit?.properties['pin'] === 'number') onSelectRef.current.onSelectPin(hit.properties['pin'])
    })
    map.on('click', 'clusters', (event) => {
      const cluster = event.features?.[0]
      if (!cluster) return
      const source = map.getSource('projects') as maplibregl.GeoJSONSource
      void source
        .getClusterExpansionZoom(cluster.properties['cluster_id'] as number)
        .then((zoom) => map.easeTo({ center: (cluster.geometry as Point).coordinates as [number, number], zoom }))
    })
    for (const layer of ['project-points', 'result-points', 'clusters']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'))
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''))
    }
    const stopLabels = labelClusters(map)
    return () => {
      stopLabels()
      mapRef.current = null
      map.remove()
    }
  }, [])

  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map) return
    const colours = PALETTE[dark ? 'dark' : 'light']
    map.setPaintProperty('water', 'background-color', colours.water)
    map.setPaintProperty('land', 'fill-color', colours.land)
    map.setPaintProperty('borders', 'line-color', colours.borders)
  }, [ready, dark])

  const placingRef = useRef(placing)
  useEffect(() => {
    placingRef.current = placing
  }, [placing])
  const pinRef = useRef<maplibregl.Marker | null>(null)
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map) return
    if (!placing) {
      pinRef.current?.remove()
      pinRef.current = null
      return
    }
    const at: [number, number] =
      placing.lat !== null && placing.lng !== null ? [placing.lng, placing.lat] : map.getCenter().toArray()
    if (!pinRef.current) {
      const pin = new maplibregl.Marker({ draggable: true, color: '#e03131' }).setLngLat(at).addTo(map)
      pin.getElement().setAttribute('aria-label', 'Project location: drag to move')
      pin.getElement().dataset['testid'] = 'placing-pin'
      pin.on('dragend', () => {
        const { lat, lng } = pin.getLngLat()
        placingRef.current?.onPlace(round(lat), round(lng))
      })
      pinRef.current = pin
      if (!map.getBounds().contains(at)) map.flyTo({ center: at, zoom: Math.max(map.getZoom(), 15) })
    } else {
      pinRef.current.setLngLat(at)
    }
  }, [ready, placing])

  // Every pin, fed as changes: the map never takes all 100,000 again after a sync.
  const [pinCount, setPinCount] = useState(0)
  const [pinsDone, setPinsDone] = useState(false)
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map) return
    const source = map.getSource('projects') as maplibregl.GeoJSONSource
    // Until every pin has been read once, the source is given all of them (one parse, one clustering in the
    // worker); after that, only what changed.
    let whole = !pins.complete
    const setAll = () => void source.setData({ type: 'FeatureCollection', features: pins.all().map(pinFeature) })
    // Marks for `npm run bench`: from every pin in hand to the map settled with them drawn. A small
    // organisation's pins are all read before the map has loaded: they are in hand now.
    if (pins.complete) performance.mark(MARK_PINS_READY)
    setAll()
    setPinCount(pins.size)
    setPinsDone(pins.complete)
    return pins.subscribe((changes) => {
      if (whole && changes.done) performance.mark(MARK_PINS_READY)
      if (whole) setAll()
      else void source.updateData({ remove: changes.remove, add: changes.put.map(pinFeature) })
      if (changes.done) whole = false
      setPinCount(pins.size)
      if (changes.done) setPinsDone(true)
    })
  }, [ready, pins])

  // Every pin read and the map settled once (what `npm run bench` times, and a test can wait for).
  const [drawn, setDrawn] = useState(false)
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map || !pinsDone) return
    const settle = () => {
      performance.mark(MARK_PINS_DRAWN)
      setDrawn(true)
    }
    map.once('idle', settle)
    map.triggerRepaint()
    return () => void map.off('idle', settle)
  }, [ready, pinsDone])

  const searching = results !== null
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map) return
    for (const layer of ['clusters', 'project-points', 'project-alerts', 'cluster-alerts'])
      map.setLayoutProperty(layer, 'visibility', searching ? 'none' : 'visible')
    void map.getSource<maplibregl.GeoJSONSource>('results')?.setData(collectionOf(results ?? []))
  }, [ready, searching, results])

  // Framed once per key (a filter, a search) when its pins are all known; in between, the view is the technician's.
  const framedKey = useRef<string | null>(null)
  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map || frameKey === null || framedKey.current === frameKey) return
    if (!searching && !pinsDone) return
    const bounds = new maplibregl.LngLatBounds()
    if (searching) for (const p of results) bounds.extend([p.lng, p.lat])
    else for (const p of pins.all()) bounds.extend([p.lng, p.lat])
    if (bounds.isEmpty()) return
    // The first view is set at once; later ones (a filter, a search) move there so the eye can follow.
    const first = framedKey.current === null
    framedKey.current = frameKey
    map.fitBounds(bounds, { padding: 48, maxZoom: 13, duration: first ? 0 : 600 })
  }, [ready, frameKey, searching, results, pins, pinsDone, pinCount])

  useEffect(() => {
    const map = mapRef.current
    if (!ready || !map) return
    void map.getSource<maplibregl.GeoJSONSource>('selected')?.setData(collectionOf(selected ? [selected] : []))
    if (selected) {
      const inView = map.getBounds().contains([selected.lng, selected.lat])
      if (!inView || map.getZoom() < 11)
        map.flyTo({ center: [selected.lng, selected.lat], zoom: Math.max(map.getZoom(), 14), speed: 1.6 })
    }
    // Moving to a project is for a new selection, not for each re-read of the same one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, selected?.id, selected?.lat, selected?.lng])

  return (
    <div className="map-pane">
      <div
        ref={container}
        className="map"
        data-testid="map"
        data-ready={ready}
        data-basemap={basemapLoaded}
        data-points={searching ? results.length : pinCount}
        data-drawn={drawn}
      />
      {problem && <div className="map-problem">{problem}</div>}
      <MapLegend />
    </div>
  )
}

/** What the pins mean: the vendor by colour, an orange ring for changes not sent, dark discs for groups. */
function MapLegend() {
  return (
    <div className="map-legend" role="note" aria-label="Map legend">
      {Object.values(VENDORS).map((vendor) => (
        <span key={vendor.name}>
          <i className="legend-dot" style={{ background: vendor.color }} /> {vendor.name}
        </span>
      ))}
      <span>
        <i className="legend-dot pending" /> Changes not sent
      </span>
      <span>
        <i className="legend-dot alert" /> Open alert
      </span>
      <span>
        <i className="legend-dot cluster" /> Several projects
      </span>
    </div>
  )
}

/**
 * Cluster counts as HTML markers: symbol layers need glyph fonts from a server, and this map has none
 * (it must work with no signal). Markers track the clusters the map has drawn, added and removed as it moves.
 */
function labelClusters(map: maplibregl.Map): () => void {
  const markers = new Map<number, maplibregl.Marker>()
  const update = () => {
    if (!map.getSource('projects') || !map.isSourceLoaded('projects')) return
    const seen = new Set<number>()
    // While searching the groups are hidden: so are their labels.
    const shown = map.getLayoutProperty('clusters', 'visibility') !== 'none'
    for (const cluster of shown ? map.querySourceFeatures('projects', { filter: ['has', 'point_count'] }) : []) {
      const id = cluster.properties['cluster_id'] as number
      if (seen.has(id)) continue
      seen.add(id)
      if (markers.has(id)) continue
      const label = document.createElement('div')
      label.className = 'cluster-label'
      label.textContent = String(cluster.properties['point_count_abbreviated'] ?? cluster.properties['point_count'])
      const [lng = 0, lat = 0] = (cluster.geometry as Point).coordinates
      markers.set(id, new maplibregl.Marker({ element: label }).setLngLat([lng, lat]).addTo(map))
    }
    for (const [id, marker] of markers) {
      if (seen.has(id)) continue
      marker.remove()
      markers.delete(id)
    }
  }
  map.on('render', update)
  return () => {
    map.off('render', update)
    markers.forEach((m) => m.remove())
  }
}

/** Null when WebGL works; otherwise what to tell the technician (old GPU driver, some remote desktops). */
function webglProblem(): string | null {
  const canvas = document.createElement('canvas')
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl')
  return gl ? null : 'The map needs WebGL, which this computer does not offer. Search and the project list still work.'
}

/** Six decimals: about 10 cm, more than any roof needs. */
const round = (degrees: number) => Math.round(degrees * 1e6) / 1e6

const emptyCollection = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] })

/** A pin as the clustered source holds it: its number is its feature id (what a change names). */
const pinFeature = (p: Pin): Feature<Point> => ({
  type: 'Feature',
  id: p.pin,
  geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
  properties: { pin: p.pin, vendor: p.vendor, pending: p.pending ? 1 : 0, alert: p.alert ? 1 : 0 },
})

function collectionOf(projects: readonly Located[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: projects.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
      properties: { id: p.id, vendor: p.vendor, pending: p.pending },
    })),
  }
}
