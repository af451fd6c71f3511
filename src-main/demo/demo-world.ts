// The demo world: the projects the vendor simulators (demo/simulators/) serve and the app's demo cache holds,
// generated once from a seed, so both sides describe the same projects under the same remote ids.
import { FIRST_NAMES, LAST_NAMES, type Market, MARKETS, NOTES, prng, seededUuid } from './demo-geography'

export interface GeneratedProject {
  uuid: string
  address: string
  place: Market['places'][number]
  country: string
  customer: { first: string; last: string; email: string; phone: string }
  lat: number
  lng: number
  stageIndex: number
  notes: string
  siteNotes: string
  serials: { panels: string; inverters: string; batteries: string }
  panelCount: number
  panel: string
  inverter: string
  battery: string | null
  kw: number
  createdMs: number
  modifiedMs: number
}

export const ANCHOR_MS = Date.parse('2026-11-20T09:00:00Z')
export const DEMO_SEED = 20261125
export const DEMO_PROJECTS_PER_VENDOR = 300
/** Where each vendor's ids start, in generation order (OpenSolar and Easy PV number theirs; Aurora uses uuids). */
export const FIRST_REMOTE_ID = { opensolar: 3_700_001, easypv: 1_353_001 } as const

/** Deterministic projects for one market: the same seed gives the same list, whatever the size. */
export function generateProjects(vendor: Market['vendor'], count: number, seed: number): GeneratedProject[] {
  const market = MARKETS.find((m) => m.vendor === vendor)
  if (!market) throw new Error(`No market for ${vendor}`)
  const random = prng(seed ^ hash(vendor))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  const serial = (prefix: string, n: number) => Array.from({ length: n }, () => `${prefix}${digits(8)}`).join(' ')
  return Array.from({ length: count }, () => {
    const place = pick(market.places)
    const first = pick(FIRST_NAMES)
    const last = pick(LAST_NAMES)
    const panelCount = 10 + Math.floor(random() * 22)
    const hasBattery = random() < 0.45
    const createdDaysAgo = 20 + Math.floor(random() * 700)
    const createdMs = ANCHOR_MS - createdDaysAgo * 86_400_000 - Math.floor(random() * 86_400_000)
    return {
      uuid: seededUuid(random),
      address: `${1 + Math.floor(random() * 180)} ${pick(market.streets)}`,
      place,
      country: market.country,
      customer: {
        first,
        last,
        email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]+/g, '') + '@example.com',
        phone:
          market.country === 'AU'
            ? `04${digits(8)}`
            : market.country === 'GB'
              ? `07${digits(9)}`
              : `(${digits(3)}) 555-${digits(4)}`,
      },
      // Small jitter keeps pins in the suburb (on land) while spreading them apart.
      lat: round6(place.lat + (random() - 0.5) * 0.024),
      lng: round6(place.lng + (random() - 0.5) * 0.03),
      stageIndex: Math.floor(random() * market.stages.length),
      notes: pick(NOTES),
      siteNotes: random() < 0.3 ? 'North-facing roof, 22° pitch. Inverter in garage.' : '',
      serials: { panels: serial('PV', 3), inverters: serial('INV', 1), batteries: hasBattery ? serial('BAT', 1) : '' },
      panelCount,
      panel: pick(market.panels),
      inverter: pick(market.inverters),
      battery: hasBattery ? pick(market.batteries) : null,
      kw: Math.round(panelCount * market.kwPerPanel * 100) / 100,
      createdMs,
      modifiedMs: createdMs + Math.floor(random() * (ANCHOR_MS - createdMs)),
    }
  })
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6

export function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

/** Easy PV projects belong to a team member; every third demo one is the office's, which the demo account cannot list. */
export const easyPvOwnedByOffice = (remoteId: number): boolean => remoteId % 3 === 0
