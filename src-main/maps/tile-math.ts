// Web Mercator tile numbers (the z/x/y every map tile scheme here uses).
export interface Bounds {
  west: number
  south: number
  east: number
  north: number
}

const MAX_LAT = 85.0511

/** The tiles at `zoom` that cover the bounds, as inclusive x and y ranges. */
export function tileRange(zoom: number, area: Bounds): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** zoom
  const clampX = (x: number) => Math.min(n - 1, Math.max(0, x))
  const x = (lng: number) => clampX(Math.floor(((lng + 180) / 360) * n))
  const y = (lat: number) => {
    const rad = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180
    return clampX(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n))
  }
  return { x0: x(area.west), x1: x(area.east), y0: y(area.north), y1: y(area.south) }
}

/** The bounds `metres` around a point. */
export function around(lat: number, lng: number, metres: number): Bounds {
  const dLat = metres / 111_320
  const dLng = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180))
  return { west: lng - dLng, south: lat - dLat, east: lng + dLng, north: lat + dLat }
}
