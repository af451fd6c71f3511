// The demo: its accounts, projects and public sign-ins on the simulators, and its streets, set up on a
// computer with no accounts of its own.
import type { Kysely } from 'kysely'
import { VENDORS } from '../../src-shared/contract/constants'
import type { Accounts } from '../accounts/accounts'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import type { Logger } from '../logging/logger'
import type { MapAreas } from '../maps/map-areas'
import type { SecretStore } from '../secrets/secret-store'
import { demoSecrets, seedDemoData } from './seed-demo-data'

export interface DemoDeps {
  db: Kysely<Database>
  secrets: SecretStore
  mapAreas: MapAreas
  log: Logger
}

/** Seeds what is missing (so a second start, or an older demo, only fills gaps). */
export async function seedDemo(deps: DemoDeps, sandboxOrigin: string | undefined): Promise<void> {
  const baseUrls = sandboxOrigin
    ? Object.fromEntries(VENDORS.map((vendor) => [vendor, `${sandboxOrigin}/${vendor}`]))
    : undefined
  const { projects } = await seedDemoData(deps.db, { baseUrls })
  if (projects) deps.log.info(`Seeded ${projects} demo projects`)
  // The demo's sign-ins are public (the simulators'): written again whenever they are missing.
  for (const [account, named] of Object.entries(demoSecrets()))
    for (const [name, value] of Object.entries(named))
      if ((await deps.secrets.get(account, name)) === null) await deps.secrets.set(account, name, value)
  // The demo's streets, for its offline map.
  await deps.mapAreas.ensureDemoArea()
}

/** The welcome screen's "Try the demo": refused in words where there are no simulators or there are accounts. */
export async function startDemoOnce(deps: {
  backend: (() => Promise<string>) | undefined
  accounts: Accounts
  start: (sandboxOrigin: string) => Promise<void>
  syncAll: () => void
}): Promise<{ accounts: number }> {
  if (!deps.backend)
    throw new AppError('unavailable', 'The demo needs the vendor simulators, which this build does not include.')
  if ((await deps.accounts.list()).items.length)
    throw new AppError('invalid_input', 'The demo starts only on a computer with no accounts set up.')
  await deps.start(await deps.backend())
  deps.syncAll()
  return { accounts: (await deps.accounts.list()).items.length }
}
