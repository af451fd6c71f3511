// Aurora keeps a project's address as one line (`address`, `property_address` in 2024.05), and in
// 2024.05 may add its parts (`location.property_address_components`). The cache keeps the parts; a
// change to one part is sent back as the whole line, rebuilt so that nothing else in it changes.
import { ValidationError } from '../http/errors'

export interface AddressParts {
  address: string
  locality: string
  region: string
  postcode: string
}

/** An address as read: its parts, the country line it ended with (", USA"), and whether the parts were known. */
export interface ReadAddress extends AddressParts {
  /** The country as written after the ZIP (", USA", ", United States"), kept to be written back the same. */
  countrySuffix: string
  /** False when the line did not parse: everything is in `address`, the other parts are empty. */
  split: boolean
}

export interface AddressComponents {
  street_address?: string | null
  city?: string | null
  region?: string | null
  postal_code?: string | null
  country?: string | null
}

// "4 Elm St, Apt 2, Austin, TX 78704" with an optional ", USA" (or ", United States", ", US") after it.
const US_LINE =
  /^(.*?),\s*([^,]+),\s*([A-Z]{2})\s+(\d{5}(?:-\d{4})?)(\s*,\s*(?:USA|US|United States(?: of America)?))?$/i

export function readAddress(line: string, components?: AddressComponents | null): ReadAddress {
  const full = line.trim()
  const m = US_LINE.exec(full)
  const suffix = m?.[5] ?? ''
  if (components?.street_address || components?.city || components?.postal_code) {
    return {
      address: components.street_address?.trim() ?? '',
      locality: components.city?.trim() ?? '',
      region: components.region?.trim() ?? '',
      postcode: components.postal_code?.trim() ?? '',
      countrySuffix: suffix,
      split: true,
    }
  }
  return m
    ? {
        address: m[1]!,
        locality: m[2]!,
        region: m[3]!.toUpperCase(),
        postcode: m[4]!,
        countrySuffix: suffix,
        split: true,
      }
    : { address: full, locality: '', region: '', postcode: '', countrySuffix: '', split: false }
}

export function joinAddress(parts: AddressParts, countrySuffix = ''): string {
  const tail = [parts.region, parts.postcode].filter(Boolean).join(' ')
  return [parts.address, parts.locality, tail].filter(Boolean).join(', ') + countrySuffix
}

const PARTS = ['address', 'locality', 'region', 'postcode'] as const

/**
 * The line to send when some parts change: the current parts with the changed ones over them, written
 * as the current line was (its country suffix kept). A line that never parsed cannot be changed part by
 * part without guessing where the part was in it: only a whole new line (address alone) is taken then.
 */
export function changedAddressLine(current: ReadAddress, changes: Partial<AddressParts>): string {
  const changed = PARTS.filter((p) => changes[p] !== undefined)
  if (!current.split && changed.some((p) => p !== 'address') && current.address !== '') {
    throw new ValidationError(
      'aurora',
      [
        `Aurora holds this address as one line ("${current.address}"), so its town, state or ZIP cannot be changed on ` +
          'their own. Edit the whole address instead.',
      ],
      null,
    )
  }
  const merged = Object.fromEntries(PARTS.map((p) => [p, changes[p] ?? current[p]])) as unknown as AddressParts
  return joinAddress(merged, current.countrySuffix)
}
