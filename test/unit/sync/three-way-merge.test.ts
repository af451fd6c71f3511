import { describe, expect, it } from 'vitest'
import { flatten, threeWayMerge } from '../../../src-main/sync/merge/three-way'

describe('threeWayMerge', () => {
  it.each([
    ['nothing changed', { notes: 'a' }, { notes: 'a' }, { notes: 'a' }, {}, {}, []],
    ['changed only here → sent', { notes: 'a' }, { notes: 'b' }, { notes: 'a' }, { notes: 'b' }, {}, []],
    ['changed only at the vendor → taken', { notes: 'a' }, { notes: 'a' }, { notes: 'c' }, {}, { notes: 'c' }, []],
    ['both changed to the same value → nothing', { notes: 'a' }, { notes: 'b' }, { notes: 'b' }, {}, {}, []],
    [
      'both changed differently → conflict',
      { stage: 'Lead' },
      { stage: 'Sold' },
      { stage: 'Closed' },
      {},
      {},
      [{ field: 'stage', base: 'Lead', local: 'Sold', remote: 'Closed' }],
    ],
    [
      'different fields on each side → both kept',
      { notes: 'a', stage: 'Lead' },
      { notes: 'b', stage: 'Lead' },
      { notes: 'a', stage: 'Sold' },
      { notes: 'b' },
      { stage: 'Sold' },
      [],
    ],
    ['a field cleared here', { notes: 'a' }, { notes: '' }, { notes: 'a' }, { notes: '' }, {}, []],
    ['null and missing are the same', { lat: null }, {}, { lat: undefined }, {}, {}, []],
    ['a field added at the vendor', {}, {}, { site_notes: 'new' }, {}, { site_notes: 'new' }, []],
    ['numbers compare by value', { lat: -33.85 }, { lat: -33.86 }, { lat: -33.85 }, { lat: -33.86 }, {}, []],
    ['arrays compare by content', { usage: [1, 2] }, { usage: [1, 3] }, { usage: [1, 2] }, { usage: [1, 3] }, {}, []],
  ])('%s', (_name, base, local, remote, send, take, conflicts) => {
    expect(threeWayMerge(base, local, remote)).toEqual({ send, take, conflicts })
  })

  it('reports each conflicting field, with all three values', () => {
    const result = threeWayMerge({ notes: 'a', lat: 1 }, { notes: 'b', lat: 2 }, { notes: 'c', lat: 3 })
    expect(result.conflicts.map((c) => c.field)).toEqual(['lat', 'notes'])
  })
})

describe('flatten', () => {
  it('names nested fields by path, leaving arrays whole', () => {
    expect(flatten({ serials: { panels: 'PV1', inverters: 'INV1' }, notes: 'x', usage: [1, 2] })).toEqual({
      'serials.panels': 'PV1',
      'serials.inverters': 'INV1',
      notes: 'x',
      usage: [1, 2],
    })
  })
})
