import { describe, expect, it } from 'vitest'
import { toFtsQuery } from '../../../src-main/projects/fts-query'
import { naturalSortKey } from '../../../src-main/projects/natural-sort-key'

describe('toFtsQuery', () => {
  it.each([
    ['hopetoun', '"hopetoun"*'],
    ['  6   Hopetoun ', '"6"* "Hopetoun"*'],
    ['INV-7788', '"INV-7788"*'],
    ['say "hi"', '"say"* """hi"""*'],
    ['AND OR NOT', '"AND"* "OR"* "NOT"*'],
    ['NEAR(a b)', '"NEAR(a"* "b)"*'],
    ['***', null],
    ['', null],
    ['- / :', null],
    ['bay\u000012', '"bay"* "12"*'],
    ['\u0000', null],
  ])('%j → %j', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected)
  })

  it('caps the number of terms', () => {
    expect(toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))?.split(' ')).toHaveLength(16)
  })
})

describe('naturalSortKey', () => {
  it('orders street numbers as numbers, ignoring case and accents', () => {
    const titles = ['10 Bay St', '2 bay st', '1 Bay St', '100 Albert Rd', 'Élan Court', 'elm St', '02 Bay St']
    expect([...titles].sort((a, b) => naturalSortKey(a).localeCompare(naturalSortKey(b)))).toEqual([
      '1 Bay St',
      '2 bay st',
      '02 Bay St',
      '10 Bay St',
      '100 Albert Rd',
      'Élan Court',
      'elm St',
    ])
  })
})
