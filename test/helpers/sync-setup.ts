// A vendor account on a simulator with a fresh cache, pulled once: the pieces sync tests drive.
import { AuroraClient } from '../../src-main/providers/aurora/client'
import { EasyPvClient } from '../../src-main/providers/easypv/client'
import { OpenSolarClient } from '../../src-main/providers/opensolar/client'
import type { FileUploadOptions } from '../../src-main/providers/opensolar/files'
import type { Provider } from '../../src-main/providers/provider'
import { Outbox } from '../../src-main/sync/outbox/outbox'
import { PullEngine } from '../../src-main/sync/pull/pull-engine'
import { type PushDeps, PushEngine } from '../../src-main/sync/push/push-engine'
import { insertAccount, openTestDatabase } from './database'
import { DEMO_CREDENTIALS, useSandboxes } from './sandbox'
import { useTempDirs } from './temp-dir'

/** Short retries: a test waits milliseconds, not seconds, for a retried request. */
export const FAST_HTTP = { minBackoffMs: 2, maxBackoffMs: 5, retries: 1 }

export function useSyncSetup() {
  const sandboxes = useSandboxes()
  const tempDir = useTempDirs()
  const fast = FAST_HTTP

  return { sandboxes, setup }

  async function setup(
    vendor: 'opensolar' | 'easypv' | 'aurora' = 'opensolar',
    projects = 12,
    options: { files?: FileUploadOptions; push?: Partial<PushDeps> } = {},
  ) {
    const s = await sandboxes({ projects })
    const dir = tempDir()
    const opened = await openTestDatabase(dir)
    const db = opened.db
    const accountId = await insertAccount(db, { id: vendor, provider: vendor })
    const now = () => new Date(s.clock.nowMs())
    const client: Provider =
      vendor === 'opensolar'
        ? new OpenSolarClient({
            baseUrl: s.baseUrls.opensolar,
            orgId: 1,
            token: () => DEMO_CREDENTIALS.opensolar.token,
            http: fast,
            files: options.files,
          })
        : vendor === 'easypv'
          ? new EasyPvClient({
              baseUrl: s.baseUrls.easypv,
              apiKey: () => DEMO_CREDENTIALS.easypv.apiKey,
              userEmail: DEMO_CREDENTIALS.easypv.userEmail,
              http: fast,
              now,
            })
          : new AuroraClient({
              baseUrl: s.baseUrls.aurora,
              tenantId: DEMO_CREDENTIALS.aurora.tenantId,
              token: () => DEMO_CREDENTIALS.aurora.token,
              version: '2024.05',
              http: fast,
            })
    const pull = new PullEngine({ db, sqlite: opened.sqlite, providerFor: () => client, now })
    const push = new PushEngine({ db, providerFor: () => client, now, random: () => 0.5, ...options.push })
    const outbox = new Outbox(db, now)
    await pull.pullAccount(accountId)
    const cached = async (remoteId: string | number) =>
      db.selectFrom('projects').selectAll().where('remote_id', '=', String(remoteId)).executeTakeFirstOrThrow()
    const ops = () => db.selectFrom('outbox').selectAll().orderBy('id').execute()
    return { s, dir, db, opened, now, accountId, client, pull, push, outbox, cached, ops }
  }
}
