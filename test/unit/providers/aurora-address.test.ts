import { describe, expect, it } from 'vitest'
import { changedAddressLine, joinAddress, readAddress } from '../../../src-main/providers/aurora/address'
import { ValidationError } from '../../../src-main/providers/http/errors'

const parts = (address: string, locality: string, region: string, postcode: string) => ({
  address,
  locality,
  region,
  postcode,
})

describe('Aurora addresses', () => {
  it.each([
    ['plain', '4 Elm St, Austin, TX 78704', parts('4 Elm St', 'Austin', 'TX', '78704'), ''],
    ['with ", USA"', '4 Elm St, Austin, TX 78704, USA', parts('4 Elm St', 'Austin', 'TX', '78704'), ', USA'],
    [
      'with ", United States"',
      '9 Oak Rd, Reno, NV 89501-1234, United States',
      parts('9 Oak Rd', 'Reno', 'NV', '89501-1234'),
      ', United States',
    ],
    ['with a unit', '4 Elm St, Apt 2, Austin, TX 78704', parts('4 Elm St, Apt 2', 'Austin', 'TX', '78704'), ''],
  ])('reads a %s line into its parts', (_name, line, expected, suffix) => {
    expect(readAddress(line)).toEqual({ ...expected, countrySuffix: suffix, split: true })
  })

  it('reads the 2024.05 components over the line when the answer has them', () => {
    const components = {
      street_address: '12 Pine Ave',
      city: 'Boise',
      region: 'ID',
      postal_code: '83702',
      country: 'US',
    }
    expect(readAddress('12 Pine Ave Boise Idaho 83702 USA', components)).toMatchObject({
      ...parts('12 Pine Ave', 'Boise', 'ID', '83702'),
      split: true,
    })
  })

  it('keeps a line it cannot split whole, in the address', () => {
    expect(readAddress('Lot 7 past the old mill')).toEqual({
      ...parts('Lot 7 past the old mill', '', '', ''),
      countrySuffix: '',
      split: false,
    })
  })

  it.each([
    ['the ZIP', '4 Elm St, Austin, TX 78704, USA', { postcode: '78705' }, '4 Elm St, Austin, TX 78705, USA'],
    ['the street', '4 Elm St, Austin, TX 78704, USA', { address: '6 Elm St' }, '6 Elm St, Austin, TX 78704, USA'],
    [
      'the town',
      '4 Elm St, Apt 2, Austin, TX 78704',
      { locality: 'Round Rock' },
      '4 Elm St, Apt 2, Round Rock, TX 78704',
    ],
    ['a whole new line for one that never split', 'Lot 7 past the old mill', { address: 'Lot 8' }, 'Lot 8'],
  ])('changing %s changes nothing else in the line sent back', (_name, line, change, sent) => {
    expect(changedAddressLine(readAddress(line), change)).toBe(sent)
  })

  it('refuses to change one part of a line it could not split, rather than guess', () => {
    expect(() => changedAddressLine(readAddress('Lot 7 past the old mill'), { postcode: '78705' })).toThrow(
      ValidationError,
    )
  })

  it('joins parts, skipping empty ones', () => {
    expect(joinAddress(parts('4 Elm St', 'Austin', 'TX', '78704'))).toBe('4 Elm St, Austin, TX 78704')
    expect(joinAddress(parts('4 Elm St', '', '', '78704'))).toBe('4 Elm St, 78704')
  })
})
