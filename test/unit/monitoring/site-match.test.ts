import { describe, expect, it } from 'vitest'
import { distanceM, matchSites, streetOf } from '../../../src-main/monitoring/site-match'

const project = { lat: 36.7378, lng: -119.7871, address: '12 Maple Ave, Fresno, CA 93650', postcode: '93650' }
/** A point `north` metres north and `east` metres east of the project. */
const near = (north: number, east: number) => ({
  lat: project.lat + north / 111_320,
  lng: project.lng + east / (111_320 * Math.cos((project.lat * Math.PI) / 180)),
})

describe('site matching', () => {
  it('measures distance on the globe', () => {
    expect(distanceM(project, near(100, 0))).toBeCloseTo(100, 0)
    expect(distanceM({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(111_195, -2)
  })

  it('reads the house number and street however they are spelled', () => {
    expect(streetOf('12 Maple Avenue')).toEqual(streetOf('12 maple ave, Fresno'))
    expect(streetOf('Unit 4, 12 Maple Ave')).toEqual({ number: '12', words: ['maple', 'ave'] })
    expect(streetOf('Apt 2 12 Maple Ave').number).toBe('12')
    expect(streetOf('12B North Main Street')).toEqual({ number: '12b', words: ['n', 'main', 'st'] })
    expect(streetOf('Rose Cottage')).toEqual({ number: null, words: ['rose', 'cottage'] })
  })

  it('takes the site at the same house without asking', () => {
    const { best, offered } = matchSites(project, [
      { id: 'same-house', ...near(14, -9), address: '12 Maple Avenue', postcode: '93650' },
      { id: 'across-town', ...near(4000, 0), address: '12 Maple Avenue', postcode: '93650' },
    ])
    expect(best?.id).toBe('same-house')
    expect(best?.sameAddress).toBe(true)
    expect(offered.map((m) => m.id)).toEqual(['same-house'])
  })

  it('offers but does not take a neighbour: close, but another house number', () => {
    const { best, offered } = matchSites(project, [
      { id: 'next-door', ...near(25, 0), address: '14 Maple Ave', postcode: '93650' },
    ])
    expect(best).toBeNull()
    expect(offered.map((m) => m.id)).toEqual(['next-door'])
  })

  it('does not guess between two sites that fit as well (a house and its garage)', () => {
    const { best, offered } = matchSites(project, [
      { id: 'house', ...near(10, 0), address: '12 Maple Ave', postcode: '93650' },
      { id: 'garage', ...near(30, 0), address: '12 Maple Ave', postcode: '93650' },
    ])
    expect(best).toBeNull()
    expect(offered.map((m) => m.id)).toEqual(['house', 'garage'])
  })

  it('takes the same address a little farther off (a pin dropped on the street), and nothing a kilometre away', () => {
    expect(matchSites(project, [{ id: 'x', ...near(150, 0), address: '12 Maple Ave', postcode: null }]).best?.id).toBe(
      'x',
    )
    expect(
      matchSites(project, [{ id: 'far', ...near(1200, 0), address: '12 Maple Ave', postcode: '93650' }]).offered,
    ).toEqual([])
  })
})
