// "Export diagnostics": one zip a technician can send to support — what the app is, what state its
// accounts and queue are in, the last things it logged — and nothing that is theirs to keep: no secret
// (every text goes through the redactor, on top of the logger's own redaction), no project's contents,
// no customer, no change's values.
import fs from 'node:fs'
import os from 'node:os'
import { strToU8, zipSync } from 'fflate'
import type { Kysely } from 'kysely'
import type { MethodOutput } from '../../src-shared/contract'
import { lastIntegrityCheck } from '../db/integrity-check'
import type { Database } from '../db/schema'
import type { SecretRedactor } from '../secrets/secret-redactor'
import type { SyncStatusService } from '../sync/sync-status'
import type { RecentLog } from './recent-log'

export interface DiagnosticsDeps {
  db: Kysely<Database>
  syncStatus: Pick<SyncStatusService, 'read'>
  appInfo: () => Promise<Omit<MethodOutput<'app.info'>, 'projectCount'>>
  recent: RecentLog
  redactor: SecretRedactor
  /** Log files kept by the desktop app (electron-log): their ends are included. */
  logFiles?: () => string[]
  now?: () => Date
}

/** The end of each log file included (the newest lines). */
const LOG_FILE_TAIL_BYTES = 2 * 1024 * 1024
/** Settings that name no person (an email, a user name and a client id stay out). */
const PLAIN_SETTINGS = new Set(['orgId', 'tenantId', 'version', 'sendVersionHeader', 'partnerId', 'grant'])

export class Diagnostics {
  constructor(private readonly deps: DiagnosticsDeps) {}

  /**
   * The archive saved where the technician chooses (`saveFile`: the desktop app's dialog), or, where
   * there is no dialog to ask (the browser host), its bytes for the window to download.
   */
  async export(
    saveFile?: (suggestedName: string, bytes: Uint8Array) => Promise<boolean>,
  ): Promise<{ fileName: string; saved: boolean; base64: string | null }> {
    const { fileName, bytes } = await this.archive()
    if (saveFile) return { fileName, saved: await saveFile(fileName, bytes), base64: null }
    return { fileName, saved: false, base64: Buffer.from(bytes).toString('base64') }
  }

  async archive(): Promise<{ fileName: string; bytes: Uint8Array }> {
    const now = (this.deps.now ?? (() => new Date()))()
    const summary = await this.summary(now)
    const redact = (text: string) => this.deps.redactor.redact(text)
    const files: Record<string, Uint8Array> = {
      'summary.json': strToU8(redact(JSON.stringify(summary, null, 2))),
      'recent-log.txt': strToU8(redact(this.deps.recent.text())),
    }
    for (const file of this.deps.logFiles?.() ?? []) {
      const tail = readTail(file, LOG_FILE_TAIL_BYTES)
      if (tail !== null) files[`logs/${file.split(/[\\/]/).at(-1)}`] = strToU8(redact(tail))
    }
    const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-')
    return { fileName: `solar-field-diagnostics-${stamp}.zip`, bytes: zipSync(files, { level: 6 }) }
  }

  private async summary(now: Date) {
    const { db } = this.deps
    const accounts = await db
      .selectFrom('accounts')
      .select(['id', 'provider', 'label', 'base_url', 'settings_json', 'needs_sign_in'])
      .execute()
    const outbox = await db
      .selectFrom('outbox')
      .select(['account_id', 'op', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '!=', 'sent')
      .groupBy(['account_id', 'op', 'state'])
      .execute()
    const problems = await db
      .selectFrom('outbox')
      .select(['account_id', 'op', 'state', 'attempts', 'last_error', 'updated_at'])
      .where('state', 'in', ['parked', 'failed', 'conflict'])
      .orderBy('updated_at', 'desc')
      .limit(20)
      .execute()
    const status = await this.deps.syncStatus.read()
    return {
      createdAt: now.toISOString(),
      app: {
        ...(await this.deps.appInfo()),
        platform: process.platform,
        arch: process.arch,
        os: os.release(),
        versions: process.versions,
      },
      accounts: accounts.map((a) => ({
        id: a.id,
        vendor: a.provider,
        label: a.label,
        origin: originOf(a.base_url),
        settings: plainSettings(a.settings_json),
        needsSignIn: a.needs_sign_in === 1,
      })),
      sync: status.accounts.map(
        ({
          accountId,
          vendor,
          queued,
          sending,
          failed,
          conflicts,
          lastSync,
          lastSuccessAt,
          skipped,
          leftOut,
          pullWaitsUntil,
        }) => ({
          accountId,
          vendor,
          queued,
          sending,
          failed,
          conflicts,
          lastSync,
          lastSuccessAt,
          pullWaitsUntil,
          skipped,
          leftOut: leftOut.slice(0, 10),
        }),
      ),
      outbox: outbox.map((o) => ({ ...o, n: Number(o.n) })),
      problems,
      database: { problem: status.databaseProblem, lastFullCheck: await lastIntegrityCheck(db) },
    }
  }
}

const originOf = (url: string) => URL.parse(url)?.origin ?? '(not an address)'

function plainSettings(json: string): Record<string, unknown> {
  try {
    const settings = JSON.parse(json) as Record<string, unknown>
    return Object.fromEntries(Object.entries(settings).filter(([key]) => PLAIN_SETTINGS.has(key)))
  } catch {
    return {}
  }
}

function readTail(file: string, bytes: number): string | null {
  try {
    const { size } = fs.statSync(file)
    const handle = fs.openSync(file, 'r')
    try {
      const length = Math.min(size, bytes)
      const buffer = Buffer.alloc(length)
      fs.readSync(handle, buffer, 0, length, size - length)
      return buffer.toString('utf8')
    } finally {
      fs.closeSync(handle)
    }
  } catch {
    return null
  }
}
