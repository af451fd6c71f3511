import { describe, expect, it } from 'vitest'
import { textOf } from '../../../src-shared/text-of'

describe('textOf', () => {
  it('reads errors by their message and scalars as written', () => {
    expect(textOf(new Error('disk full'))).toBe('disk full')
    expect(textOf('plain')).toBe('plain')
    expect(textOf(12.5)).toBe('12.5')
    expect(textOf(false)).toBe('false')
    expect(textOf(null)).toBe('')
    expect(textOf(undefined)).toBe('')
  })

  it('never answers [object Object], even for a cycle', () => {
    const cycle: Record<string, unknown> = { a: 1 }
    cycle['self'] = cycle
    expect(textOf({ code: 'E1' })).toBe('{"code":"E1"}')
    expect(textOf(['SN1', 'SN2'])).toBe('SN1, SN2')
    expect(textOf(cycle)).toBe('object')
    expect(textOf(new URLSearchParams({ a: '1' }))).toBe('a=1')
  })
})
