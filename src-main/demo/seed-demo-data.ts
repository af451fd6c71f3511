// Demo data for `npm run demo` until the vendor simulators (test/sandbox) take over: a deterministic,
// plausible field workload across AU (OpenSolar), UK (Easy PV) and US (Aurora), plus a Locus account.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { naturalSortKey } from '../projects/natural-sort-key'
import { FIRST_NAMES, LAST_NAMES, MARKETS, NOTES, prng, seededUuid } from './demo-geography'

export interface DemoSeedOptions {
  projectsPerVendor?: number
  seed?: number
  now?: Date
}

/** Fills an empty database with demo accounts and projects. Does nothing if accounts already exist. */
export async function seedDemoData(db: Kysely<Database>, options: DemoSeedOptions = {}): Promise<{ projects: number }> {
  const existing = await db.selectFrom('accounts').select('id').limit(1).execute()
  if (existing.length) return { projects: 0 }
  const perVendor = options.projectsPerVendor ?? 120
  const random = prng(options.seed ?? 20261125)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const now = options.now ?? new Date('2026-11-20T09:00:00Z')
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString()
  let total = 0

  await db.transaction().execute(async (trx) => {
    for (const market of MARKETS) {
      const accountId = `demo-${market.vendor}`
      await trx
        .insertInto('accounts')
        .values({
          id: accountId,
          provider: market.vendor,
          label: market.accountLabel,
          base_url: market.baseUrl,
          created_at: daysAgo(400),
        })
        .execute()
      for (let i = 0; i < perVendor; i++) {
        const place = pick(market.places)
        const number = 1 + Math.floor(random() * 180)
        const street = pick(market.streets)
        const address = `${number} ${street}`
        const customer = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`
        const panelCount = 10 + Math.floor(random() * 22)
        const panel = pick(market.panels)
        const inverter = pick(market.inverters)
        const hasBattery = random() < 0.45
        const serial = (prefix: string, n: number) =>
          Array.from(
            { length: n },
            () =>
              `${prefix}${Math.floor(random() * 1e8)
                .toString()
                .padStart(8, '0')}`,
          ).join(' ')
        const created = 20 + Math.floor(random() * 360)
        const id = seededUuid(random)
        await trx
          .insertInto('projects')
          .values({
            id,
            account_id: accountId,
            provider: market.vendor,
            remote_id: String(
              market.vendor === 'aurora' ? seededUuid(random) : 1_000_000 + Math.floor(random() * 8_999_999),
            ),
            client_ref: seededUuid(random),
            title: address,
            title_sort: naturalSortKey(address),
            address,
            locality: place.locality,
            region: place.region,
            postcode: place.postcode,
            country: market.country,
            // Small jitter keeps pins in the suburb (on land) while spreading them apart.
            lat: round6(place.lat + (random() - 0.5) * 0.024),
            lng: round6(place.lng + (random() - 0.5) * 0.03),
            stage: pick(market.stages),
            customer_name: customer,
            customer_email: `${customer.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
            customer_phone:
              market.country === 'AU'
                ? `04${digits(random, 8)}`
                : market.country === 'GB'
                  ? `07${digits(random, 9)}`
                  : `(${digits(random, 3)}) 555-${digits(random, 4)}`,
            notes: pick(NOTES),
            site_notes: random() < 0.3 ? 'North-facing roof, 22° pitch. Inverter in garage.' : '',
            serials_panels: serial('PV', 3),
            serials_inverters: serial('INV', 1),
            serials_batteries: hasBattery ? serial('BAT', 1) : '',
            system_summary: `${(panelCount * market.kwPerPanel).toFixed(2)} kW · ${panelCount} × ${panel} · ${inverter}${hasBattery ? ` · ${pick(market.batteries)}` : ''}`,
            created_remote: daysAgo(created),
            modified_remote: daysAgo(Math.floor(random() * created)),
          })
          .execute()
        total++
      }
    }
    await trx
      .insertInto('accounts')
      .values({
        id: 'demo-locus',
        provider: 'locus',
        label: 'Fleet monitoring (Locus)',
        base_url: 'https://api.locusenergy.com',
        created_at: daysAgo(400),
      })
      .execute()
  })
  return { projects: total }
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6
const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
