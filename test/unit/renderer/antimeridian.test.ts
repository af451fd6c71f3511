import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { unwrapAntimeridian } from '../../../src-renderer/features/map/antimeridian'

const polygon = (ring: number[][]): Polygon => ({ type: 'Polygon', coordinates: [ring] })

describe('unwrapAntimeridian', () => {
  it('leaves an ordinary ring alone', () => {
    const ring = [
      [150, -33],
      [151, -33],
      [151, -34],
      [150, -33],
    ]
    expect(unwrapAntimeridian(polygon(ring))).toEqual(polygon(ring))
  })

  it('shifts the western half of a ring that crosses the seam', () => {
    const fiji = [
      [179.5, -16],
      [-179.8, -16],
      [-179.8, -17],
      [179.5, -16],
    ]
    expect(unwrapAntimeridian(polygon(fiji))).toEqual(
      polygon([
        [179.5, -16],
        [180.2, -16],
        [180.2, -17],
        [179.5, -16],
      ]),
    )
  })

  it('closes a ring that winds around the pole through the pole', () => {
    // As in Natural Earth: the coast runs west to east and jumps the seam once, never reaching -90.
    const antarctica = [
      [-179.9, -84],
      [-90, -80],
      [0, -70],
      [90, -75],
      [179.9, -84.5],
      [-179.9, -84],
    ]
    expect(unwrapAntimeridian(polygon(antarctica))).toEqual(
      polygon([
        [-179.9, -84],
        [-90, -80],
        [0, -70],
        [90, -75],
        [179.9, -84.5],
        [180, -84.5],
        [180, -90],
        [-180, -90],
        [-180, -84],
        [-179.9, -84],
      ]),
    )
  })

  it('drops a zero-area ring, so the next ring is the outline rather than a hole', () => {
    const alongPole = [
      [-180, -90],
      [0, -90],
      [180, -90],
      [-180, -90],
    ]
    const coast = [
      [0, -70],
      [10, -70],
      [10, -71],
      [0, -70],
    ]
    expect(unwrapAntimeridian({ type: 'Polygon', coordinates: [alongPole, coast] })).toEqual(polygon(coast))
  })

  it('handles multipolygons part by part', () => {
    const result = unwrapAntimeridian({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [10, 0],
            [11, 0],
            [11, 1],
            [10, 0],
          ],
        ],
        [
          [
            [179, 65],
            [-179, 65],
            [-179, 66],
            [179, 65],
          ],
        ],
      ],
    })
    expect(result).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [10, 0],
            [11, 0],
            [11, 1],
            [10, 0],
          ],
        ],
        [
          [
            [179, 65],
            [181, 65],
            [181, 66],
            [179, 65],
          ],
        ],
      ],
    })
  })
})
