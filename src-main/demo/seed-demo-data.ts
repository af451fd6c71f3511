// Demo data for `npm run demo`: the demo world (demo-world.ts) written into the cache as if pulled, under
// the remote ids the vendor simulators give the same projects. Until sync pulls from the simulators itself,
// this is how the demo cache and the simulators agree.
import type { Kysely } from 'kysely'
import type { Vendor } from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { naturalSortKey } from '../projects/natural-sort-key'
import { DEMO_CREDENTIALS } from './demo-credentials'
import { MARKETS } from './demo-geography'
import {
  DEMO_PROJECTS_PER_VENDOR,
  DEMO_SEED,
  easyPvOwnedByOffice,
  FIRST_REMOTE_ID,
  generateProjects,
} from './demo-world'

export interface DemoSeedOptions {
  projectsPerVendor?: number
  seed?: number
  /** Where each demo account points: the simulators' base URLs when they run, else the vendors' hosts. */
  baseUrls?: Partial<Record<Vendor, string>>
}

const LABELS: Record<Vendor, string> = {
  opensolar: 'Harbour Solar (OpenSolar)',
  easypv: 'Fenland Renewables (Easy PV)',
  aurora: 'Golden State Solar (Aurora)',
  locus: 'Fleet monitoring (Locus)',
}

const VENDOR_HOSTS: Record<Vendor, string> = {
  opensolar: 'https://api.opensolar.com',
  easypv: 'https://heatpunk.co.uk',
  aurora: 'https://api.aurorasolar.com',
  locus: 'https://api.locusenergy.com',
}

export const demoAccountId = (vendor: Vendor) => `demo-${vendor}`

const c = DEMO_CREDENTIALS
/** Non-secret settings of the demo accounts (secrets: demoSecrets). */
const SETTINGS: Record<Vendor, object> = {
  opensolar: { orgId: c.opensolar.orgId },
  easypv: { userEmail: c.easypv.userEmail },
  aurora: { tenantId: c.aurora.tenantId, version: '2024.05', sendVersionHeader: true },
  locus: { partnerId: c.locus.partnerId, clientId: c.locus.clientId, username: c.locus.username },
}

/** The demo accounts' secrets, for the in-memory secret store of a demo run. */
export const demoSecrets = (): Record<string, Record<string, string>> => ({
  [demoAccountId('opensolar')]: { token: c.opensolar.token },
  [demoAccountId('easypv')]: { apiKey: c.easypv.apiKey },
  [demoAccountId('aurora')]: { token: c.aurora.token },
  [demoAccountId('locus')]: { clientSecret: c.locus.clientSecret, password: c.locus.password },
})

/** Fills an empty database with demo accounts and projects. Does nothing if accounts already exist. */
export async function seedDemoData(db: Kysely<Database>, options: DemoSeedOptions = {}): Promise<{ projects: number }> {
  const existing = await db.selectFrom('accounts').select('id').limit(1).execute()
  if (existing.length) return { projects: 0 }
  const perVendor = options.projectsPerVendor ?? DEMO_PROJECTS_PER_VENDOR
  const seed = options.seed ?? DEMO_SEED
  let total = 0

  await db.transaction().execute(async (trx) => {
    for (const vendor of ['opensolar', 'easypv', 'aurora', 'locus'] as const) {
      await trx
        .insertInto('accounts')
        .values({
          id: demoAccountId(vendor),
          provider: vendor,
          label: LABELS[vendor],
          base_url: options.baseUrls?.[vendor] ?? VENDOR_HOSTS[vendor],
          settings_json: JSON.stringify(SETTINGS[vendor]),
          created_at: '2025-10-01T00:00:00.000Z',
        })
        .execute()
    }
    for (const market of MARKETS) {
      const vendor = market.vendor
      const generated = generateProjects(vendor, perVendor, seed)
      const rows = generated
        .map((g, index) => ({
          g,
          index,
          remoteId: vendor === 'aurora' ? g.uuid : String(FIRST_REMOTE_ID[vendor] + index),
        }))
        // The demo Easy PV account sees only its own projects, as the simulator lists them.
        .filter(({ remoteId }) => vendor !== 'easypv' || !easyPvOwnedByOffice(Number(remoteId)))
        .map(({ g, index, remoteId }) => ({
          id: `demo-${vendor}-${index + 1}`,
          account_id: demoAccountId(vendor),
          provider: vendor,
          remote_id: remoteId,
          client_ref: `demo-ref-${vendor}-${index + 1}`,
          title: g.address,
          title_sort: naturalSortKey(g.address),
          address: g.address,
          locality: g.place.locality,
          region: g.place.region,
          postcode: g.place.postcode,
          country: g.country,
          lat: g.lat,
          lng: g.lng,
          stage: market.stages[g.stageIndex % market.stages.length] ?? null,
          customer_name: `${g.customer.first} ${g.customer.last}`,
          customer_email: g.customer.email,
          customer_phone: g.customer.phone,
          notes: g.notes,
          site_notes: g.siteNotes,
          serials_panels: g.serials.panels,
          serials_inverters: g.serials.inverters,
          serials_batteries: g.serials.batteries,
          system_summary: `${g.kw.toFixed(2)} kW · ${g.panelCount} × ${g.panel} · ${g.inverter}${g.battery ? ` · ${g.battery}` : ''}`,
          created_remote: new Date(g.createdMs).toISOString(),
          modified_remote: new Date(g.modifiedMs).toISOString(),
        }))
      // SQLite caps bound variables per statement; insert in chunks.
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('projects')
          .values(rows.slice(i, i + 200))
          .execute()
      total += rows.length
    }
  })
  return { projects: total }
}

/** Whether this computer holds the demo (its accounts are named demo-<vendor>). */
export async function hasDemoAccounts(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('id', 'like', 'demo-%').executeTakeFirst()
  return row !== undefined
}
