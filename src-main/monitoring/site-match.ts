// Which monitored (Locus) site is a project's installed system. The monitoring provider
// knows the house by its meter's position and its own spelling of the address; the design tool by the
// pin its designer dropped. A site is the project's when it is close and the address agrees; a
// neighbour two doors down is close too, so distance alone never decides, and two sites that fit equally
// are offered to the technician, not guessed between.

export interface Located {
  lat: number
  lng: number
  /** The street line ("12 Maple Ave"), or the whole address. */
  address: string
  postcode: string | null
}

export interface SiteCandidate extends Located {
  id: string
}

export interface SiteMatch {
  id: string
  distanceM: number
  sameAddress: boolean
  score: number
}

/** Farther than this, a site is not offered at all. */
export const NEARBY_M = 1000
/** A match this good, and clearly better than the next, is taken without asking. */
const AUTO_SCORE = 0.75
const AUTO_MARGIN = 0.25
/** Below this, not worth offering. */
const OFFER_SCORE = 0.3

const EARTH_M = 6_371_000
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Street suffixes and directions as one spelling (USPS, Royal Mail and Australia Post abbreviations). */
const SAME_WORD: Record<string, string> = {
  avenue: 'ave',
  av: 'ave',
  street: 'st',
  str: 'st',
  road: 'rd',
  drive: 'dr',
  lane: 'ln',
  court: 'ct',
  place: 'pl',
  boulevard: 'blvd',
  terrace: 'tce',
  ter: 'tce',
  crescent: 'cres',
  cr: 'cres',
  highway: 'hwy',
  parkway: 'pkwy',
  circle: 'cir',
  way: 'way',
  close: 'cl',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
}

const UNIT = /^(unit|apt|apartment|suite|flat)$/

/** The house number and street words of an address's street line, spelled one way (units left out). */
export function streetOf(address: string): { number: string | null; words: string[] } {
  const parts = address
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(',')
    .map((part) => part.match(/[a-z0-9]+/g) ?? [])
  // "Unit 4, 12 Maple Ave": the street is the part after the unit's.
  const line = (parts[0]?.length === 2 && UNIT.test(parts[0][0]) ? parts[1] : parts[0]) ?? []
  const tokens = line.filter((token, i) => !UNIT.test(token) && !UNIT.test(line[i - 1] ?? ''))
  const numberAt = tokens.findIndex((t) => /^\d+[a-z]?$/.test(t))
  return {
    number: numberAt >= 0 ? tokens[numberAt]! : null,
    words: tokens.filter((_, i) => i !== numberAt).map((w) => SAME_WORD[w] ?? w),
  }
}

const postcodeOf = (code: string | null) => code?.replace(/\s+/g, '').toLowerCase() || null

/** How well a site fits a project, 0 to 1: nearness, then the address agreeing (number, street, postcode). */
export function scoreSite(project: Located, site: Located): SiteMatch & { id: '' } {
  const distance = distanceM(project, site)
  const near =
    distance <= 50 ? 0.5 : distance <= 200 ? 0.4 : distance <= NEARBY_M ? 0.25 * (1 - distance / NEARBY_M) : 0
  const a = streetOf(project.address)
  const b = streetOf(site.address)
  const sameNumber = a.number !== null && a.number === b.number
  const sameStreet = a.words.length > 0 && a.words.join(' ') === b.words.join(' ')
  const codes = [postcodeOf(project.postcode), postcodeOf(site.postcode)]
  const sameCode = codes[0] !== null && codes[0] === codes[1]
  const score = near + (sameNumber ? 0.2 : 0) + (sameStreet ? 0.2 : 0) + (sameCode ? 0.1 : 0)
  return { id: '', distanceM: distance, sameAddress: sameNumber && sameStreet, score: Math.min(1, score) }
}

/** The sites worth offering, best first, and the one to take without asking (if any). */
export function matchSites(
  project: Located,
  sites: readonly SiteCandidate[],
): { best: SiteMatch | null; offered: SiteMatch[] } {
  const offered = sites
    .map((site) => ({ ...scoreSite(project, site), id: site.id }))
    .filter((m) => m.distanceM <= NEARBY_M && m.score >= OFFER_SCORE)
    .sort((x, y) => y.score - x.score || x.distanceM - y.distanceM)
  const [first, second] = offered
  // Taken without asking only where the address agrees too: a neighbour is as near as the house.
  const clear =
    first?.sameAddress && first.score >= AUTO_SCORE && (!second || first.score - second.score >= AUTO_MARGIN)
  return { best: clear ? first : null, offered }
}
