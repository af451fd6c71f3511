// Plausible places, people and equipment for demo data and the vendor simulators (demo/simulators/):
// one source, so the demo and the simulators describe the same kind of world.
import type { Vendor } from '../../src-shared/contract'

export interface Place {
  locality: string
  region: string
  postcode: string
  lat: number
  lng: number
}

export interface Market {
  vendor: Exclude<Vendor, 'locus'>
  accountLabel: string
  baseUrl: string
  country: string
  streets: string[]
  places: Place[]
  stages: string[]
  panels: string[]
  inverters: string[]
  batteries: string[]
  kwPerPanel: number
}

export const MARKETS: Market[] = [
  {
    vendor: 'opensolar',
    accountLabel: 'Harbour Solar (OpenSolar)',
    baseUrl: 'https://api.opensolar.com',
    country: 'AU',
    streets: [
      'Hopetoun Ave',
      'Victoria Rd',
      'Bay St',
      'Railway Pde',
      'Church St',
      'Wattle Cres',
      'Banksia Dr',
      'Edward St',
      'Albert Rd',
      'Ocean St',
      'Mitchell St',
      'Darling St',
    ],
    places: [
      { locality: 'Vaucluse', region: 'NSW', postcode: '2030', lat: -33.8587, lng: 151.2752 },
      { locality: 'Parramatta', region: 'NSW', postcode: '2150', lat: -33.815, lng: 151.001 },
      { locality: 'Chatswood', region: 'NSW', postcode: '2067', lat: -33.7969, lng: 151.1803 },
      { locality: 'Penrith', region: 'NSW', postcode: '2750', lat: -33.7511, lng: 150.6942 },
      { locality: 'Brunswick', region: 'VIC', postcode: '3056', lat: -37.7667, lng: 144.9605 },
      { locality: 'Box Hill', region: 'VIC', postcode: '3128', lat: -37.819, lng: 145.1218 },
      { locality: 'Paddington', region: 'QLD', postcode: '4064', lat: -27.4598, lng: 152.9993 },
      { locality: 'Norwood', region: 'SA', postcode: '5067', lat: -34.9211, lng: 138.6305 },
      { locality: 'Subiaco', region: 'WA', postcode: '6008', lat: -31.9485, lng: 115.8264 },
    ],
    stages: ['Lead', 'Qualified', 'Sold', 'Installing', 'Installed', 'Closed'],
    panels: ['REC Alpha Pure-R 430', 'Jinko Tiger Neo 440', 'Trina Vertex S+ 445'],
    inverters: ['Fronius Primo GEN24 6.0', 'SMA Sunny Boy 5.0', 'Sungrow SG5.0RS'],
    batteries: ['Tesla Powerwall 3', 'BYD HVM 11.0', 'Sungrow SBR128'],
    kwPerPanel: 0.435,
  },
  {
    vendor: 'easypv',
    accountLabel: 'Fenland Renewables (Easy PV)',
    baseUrl: 'https://app.heatpunk.co.uk',
    country: 'GB',
    streets: [
      'High Street',
      'Mill Lane',
      'Station Road',
      'Church Road',
      'Manor Road',
      'Green Lane',
      'Park Avenue',
      'Sample Road',
      'The Crescent',
      'Orchard Close',
    ],
    places: [
      { locality: 'Cambridge', region: 'Cambridgeshire', postcode: 'CB1 3QD', lat: 52.1939, lng: 0.1501 },
      { locality: 'Ely', region: 'Cambridgeshire', postcode: 'CB7 4DL', lat: 52.3988, lng: 0.2623 },
      { locality: 'Norwich', region: 'Norfolk', postcode: 'NR2 1NR', lat: 52.6293, lng: 1.2923 },
      { locality: 'Bristol', region: 'Bristol', postcode: 'BS6 5AA', lat: 51.4685, lng: -2.5981 },
      { locality: 'Leeds', region: 'West Yorkshire', postcode: 'LS6 2AB', lat: 53.8178, lng: -1.5694 },
      { locality: 'Exeter', region: 'Devon', postcode: 'EX4 4QJ', lat: 50.7266, lng: -3.5275 },
      { locality: 'Oxford', region: 'Oxfordshire', postcode: 'OX4 1YB', lat: 51.7437, lng: -1.2302 },
    ],
    stages: ['Lead', 'Quote', 'Sale', 'Install', 'Completed', 'Rejected'],
    panels: ['Aiko Neostar 2P 450', 'LONGi Hi-MO 6 425', 'DMEGC Infinity 430'],
    inverters: ['GivEnergy Gen3 5kW', 'SolarEdge SE3680H', 'Solis S6 3.6kW'],
    batteries: ['GivEnergy 9.5kWh', 'Tesla Powerwall 3', 'Fox ESS EP11'],
    kwPerPanel: 0.43,
  },
  {
    vendor: 'aurora',
    accountLabel: 'Golden State Solar (Aurora)',
    baseUrl: 'https://api.aurorasolar.com',
    country: 'US',
    streets: [
      'Oak St',
      'Maple Ave',
      'Cedar Ln',
      'Elm St',
      'Lincoln Blvd',
      'Sunset Dr',
      'Ridge Rd',
      'Lakeview Dr',
      'Mesquite Ln',
      'Juniper Way',
    ],
    places: [
      { locality: 'Sacramento', region: 'CA', postcode: '95818', lat: 38.5556, lng: -121.4869 },
      { locality: 'Fresno', region: 'CA', postcode: '93704', lat: 36.8002, lng: -119.8047 },
      { locality: 'Austin', region: 'TX', postcode: '78704', lat: 30.2443, lng: -97.7681 },
      { locality: 'Phoenix', region: 'AZ', postcode: '85016', lat: 33.5097, lng: -112.0303 },
      { locality: 'Denver', region: 'CO', postcode: '80210', lat: 39.6781, lng: -104.9625 },
      { locality: 'Raleigh', region: 'NC', postcode: '27608', lat: 35.8087, lng: -78.6461 },
    ],
    stages: ['Residential', 'Commercial'],
    panels: ['Qcells Q.TRON BLK M-G2+ 425', 'REC Alpha Pure-RX 470', 'Canadian Solar HiKu6 405'],
    inverters: ['Enphase IQ8M', 'SolarEdge SE7600H-US', 'Tesla Solar Inverter 7.6'],
    batteries: ['Tesla Powerwall 3', 'Enphase IQ Battery 5P', 'FranklinWH aPower 2'],
    kwPerPanel: 0.425,
  },
]

export const FIRST_NAMES = [
  'Olivia',
  'Jack',
  'Mia',
  'Noah',
  'Amelia',
  'Leo',
  'Isla',
  'Oscar',
  'Grace',
  'Henry',
  'Chloe',
  'Lucas',
  'Ava',
  'Ethan',
  'Zara',
  'Samuel',
  'Priya',
  'Tom',
  'Hannah',
  'Ravi',
]
export const LAST_NAMES = [
  'Nguyen',
  'Smith',
  'Patel',
  "O'Brien",
  'Williams',
  'Costanza',
  'Brown',
  'Taylor',
  'Garcia',
  'Wilson',
  'Martin',
  'Kowalski',
  'Singh',
  'Anderson',
  'Clarke',
  'Rossi',
  'Murphy',
  'Hughes',
]
export const NOTES = [
  'Dog on site, call before arrival.',
  'Meter box on the side passage; key under the pot.',
  'Customer asked for panels on the rear roof only.',
  'Asbestos check done, all clear.',
  'Switchboard upgrade quoted separately.',
  'Tile roof, bring spare tiles.',
  '',
]

/** Small, fast, seedable PRNG (mulberry32): the same seed always gives the same demo. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A v4-shaped UUID from the seeded PRNG, so demo ids are stable across runs. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
