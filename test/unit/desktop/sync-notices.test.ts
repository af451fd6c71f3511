import { describe, expect, it } from 'vitest'
import type { AccountSyncStatus, SyncStatus } from '../../../src-shared/contract'
import { syncNotices, uploadFraction } from '../../../src-main/desktop/sync-notices'

const MB = 1024 * 1024
const account = (over: Partial<AccountSyncStatus> = {}): AccountSyncStatus => ({
  accountId: 'a1',
  vendor: 'opensolar',
  label: 'Harbour Solar',
  queued: 0,
  sending: 0,
  failed: 0,
  conflicts: 0,
  needsSignIn: false,
  budget: null,
  lastPullAt: null,
  lastSync: null,
  lastSuccessAt: null,
  pullWaitsUntil: null,
  skipped: 0,
  leftOut: [],
  firstPull: null,
  uploads: { files: 0, sentBytes: 0, totalBytes: 0 },
  ...over,
})
const status = (over: Partial<AccountSyncStatus> = {}, totals = { failed: 0, conflicts: 0 }): SyncStatus => ({
  accounts: [account(over)],
  databaseProblem: null,
  totals: { queued: 0, ...totals },
})

describe('what is told outside the window', () => {
  it.each([
    ['nothing at the first status', null, status({ needsSignIn: true }, { failed: 2, conflicts: 0 }), true, []],
    ['a sign-in refused', status(), status({ needsSignIn: true }), true, ['Harbour Solar needs you to sign in again']],
    ['a sign-in still refused (told once)', status({ needsSignIn: true }), status({ needsSignIn: true }), true, []],
    [
      'changes refused and a conflict',
      status(),
      status({}, { failed: 2, conflicts: 1 }),
      true,
      ['Sync finished with problems: 2 changes refused by the vendor, 1 conflict to resolve'],
    ],
    [
      'problems already told',
      status({}, { failed: 2, conflicts: 0 }),
      status({}, { failed: 2, conflicts: 0 }),
      true,
      [],
    ],
    [
      'a long upload done while away',
      status({ uploads: { files: 1, sentBytes: 30 * MB, totalBytes: 40 * MB } }),
      status(),
      false,
      ['Upload finished: 1 file (40 MB) sent to the vendor.'],
    ],
    [
      'a long upload done while looking',
      status({ uploads: { files: 1, sentBytes: 30 * MB, totalBytes: 40 * MB } }),
      status(),
      true,
      [],
    ],
    [
      'a photo uploaded while away',
      status({ uploads: { files: 1, sentBytes: 1, totalBytes: 2 * MB } }),
      status(),
      false,
      [],
    ],
  ])('%s', (_name, before, after, focused, expected) =>
    expect(
      syncNotices(before, after, focused).map((n) => `${n.title}: ${n.body}`.replace(/: Its changes.*$/, '')),
    ).toEqual(expected),
  )

  it('gives the taskbar how far the uploads are', () => {
    expect(uploadFraction(status({ uploads: { files: 2, sentBytes: 25, totalBytes: 100 } }))).toBe(0.25)
    expect(uploadFraction(status())).toBeNull()
  })
})
