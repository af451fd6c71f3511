import type { Geometry, Position } from 'geojson'

/**
 * Rings that cross ±180° (Russia, Fiji) jump across the seam twice; drawn as is, those edges streak
 * across the whole map. Shifting such a ring's negative longitudes by 360° keeps it in one piece.
 * A ring that jumps once winds around a pole (Antarctica): it is closed through that pole so it
 * fills the land, not the sea.
 */
export function unwrapAntimeridian(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: unwrapPolygon(geometry.coordinates) }
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(unwrapPolygon) }
  return geometry
}

// Natural Earth's Antarctica starts with a zero-area ring along -90°; left in, it makes the coast a hole.
const unwrapPolygon = (rings: Position[][]): Position[][] =>
  rings.filter((ring) => new Set(ring.map(([, lat]) => lat)).size > 1).map(unwrapRing)

function unwrapRing(ring: Position[]): Position[] {
  const crossings: number[] = []
  for (let i = 1; i < ring.length; i++) {
    if (Math.abs((ring[i]?.[0] ?? 0) - (ring[i - 1]?.[0] ?? 0)) > 180) crossings.push(i)
  }
  if (crossings.length === 0) return ring
  if (crossings.length === 1) return closeThroughPole(ring, crossings[0] ?? 0)
  return ring.map(([lng = 0, lat = 0]) => [lng < 0 ? lng + 360 : lng, lat])
}

function closeThroughPole(ring: Position[], jump: number): Position[] {
  const [fromLng = 0, fromLat = 0] = ring[jump - 1] ?? []
  const [toLng = 0, toLat = 0] = ring[jump] ?? []
  const pole = ring.reduce((sum, [, lat = 0]) => sum + lat, 0) < 0 ? -90 : 90
  const fromEdge = Math.sign(fromLng) * 180
  const toEdge = Math.sign(toLng) * 180
  return [
    ...ring.slice(0, jump),
    [fromEdge, fromLat],
    [fromEdge, pole],
    [toEdge, pole],
    [toEdge, toLat],
    ...ring.slice(jump),
  ]
}
