import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { remoteJsonOf } from '../projects/remote-copy'
import { isKnownZone } from './site-time'

/** Locus gives each site its `locationTimezone`; one the runtime does not know is as good as none. */
export async function siteTimeZone(db: Kysely<Database>, projectId: string): Promise<string | null> {
  const row = await db
    .selectFrom('projects')
    .select(remoteJsonOf('projects.seq').as('remote_json'))
    .where('id', '=', projectId)
    .executeTakeFirst()
  let zone: unknown
  try {
    zone = row?.remote_json ? (JSON.parse(row.remote_json) as { locationTimezone?: unknown }).locationTimezone : null
  } catch {
    return null
  }
  return typeof zone === 'string' && zone && isKnownZone(zone) ? zone : null
}
