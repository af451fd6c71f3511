// Sync: each account's state, the changes waiting for their vendor, and the conflicts to settle.
import { z } from 'zod'
import { Id, IsoDateTime, type Methods, NoInput, Vendor } from './common'

export const AccountSyncStatus = z.object({
  accountId: Id,
  vendor: Vendor,
  label: z.string(),
  queued: z.number().int().nonnegative(),
  sending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  needsSignIn: z.boolean(),
  /** Requests left in the vendor's budget window (OpenSolar: per day and org), when it has one. */
  budget: z.object({ remaining: z.number().int().nonnegative(), limit: z.number().int().positive() }).nullable(),
  lastPullAt: IsoDateTime.nullable(),
  /** The last sync: when it ran, whether the vendor answered, and what went wrong (in words). */
  lastSync: z.object({ at: IsoDateTime, reachable: z.boolean(), error: z.string().nullable() }).nullable(),
  /** When the account last synced whole (queue delivered, cache refreshed). */
  lastSuccessAt: IsoDateTime.nullable(),
  /** A pull that failed waits before it is tried again (so it does not spend the vendor's budget). */
  pullWaitsUntil: IsoDateTime.nullable(),
  /** Records the vendor sent that could not be read or shown, left out of the cache. */
  skipped: z.number().int().nonnegative(),
  /** The first of them: what each was, the vendor's id for it (when readable) and why it was left out. */
  leftOut: z.array(
    z.object({
      kind: z.enum(['project', 'file', 'file tag', 'device', 'data field', 'reading', 'alert', 'client']),
      remoteId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  /**
   * A first pull not finished yet (it may take days within OpenSolar's budget): projects cached so far, and
   * how many the vendor holds when it could say.
   */
  firstPull: z
    .object({ stored: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() })
    .nullable(),
  /** Files on their way up right now, with bytes sent so far. */
  uploads: z.object({
    files: z.number().int().nonnegative(),
    sentBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative(),
  }),
})
export type AccountSyncStatus = z.infer<typeof AccountSyncStatus>

export const SyncStatus = z.object({
  accounts: z.array(AccountSyncStatus),
  /** The local database's last full check found damage: what to do, in words (null when sound). */
  databaseProblem: z.string().nullable(),
  totals: z.object({
    queued: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    conflicts: z.number().int().nonnegative(),
  }),
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const OutboxEntry = z.object({
  id: z.number().int(),
  projectId: Id,
  projectTitle: z.string(),
  op: z.string(),
  fields: z.array(z.string()),
  /** For a file's op: the file's name. */
  fileTitle: z.string().nullable(),
  state: z.enum(['queued', 'sending', 'failed', 'parked', 'conflict']),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

export const Conflict = z.object({
  id: z.number().int(),
  projectId: Id,
  field: z.string(),
  base: z.unknown(),
  local: z.unknown(),
  remote: z.unknown(),
  createdAt: IsoDateTime,
})
export type Conflict = z.infer<typeof Conflict>

export const syncMethods = {
  'sync.getStatus': {
    input: NoInput,
    output: SyncStatus,
  },
  /** Changes not yet acknowledged by their vendor (all, or one project's). */
  'outbox.list': {
    input: z.object({ projectId: Id.optional() }).strict(),
    output: z.object({ items: z.array(OutboxEntry) }),
  },
  /** Send a parked or failed change again now. */
  'outbox.retry': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** Give a change up; the project's fields go back to the vendor's values. */
  'outbox.discard': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ ok: z.literal(true) }) },
  'conflicts.list': {
    input: z.object({ projectId: Id.optional() }).strict(),
    output: z.object({ items: z.array(Conflict) }),
  },
  /** Keep this computer's value (mine) or the vendor's (theirs) for one field. */
  'conflicts.resolve': {
    input: z.object({ id: z.number().int(), keep: z.enum(['mine', 'theirs']) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** Sync every account now (the Sync button; also when the connection comes back). */
  'sync.now': {
    input: NoInput,
    output: z.object({
      accounts: z.number().int().nonnegative(),
      sent: z.number().int().nonnegative(),
      problems: z.array(z.string()),
    }),
  },
} as const satisfies Methods

export const syncEvents = { 'sync.status': SyncStatus } as const
