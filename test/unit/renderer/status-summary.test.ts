import { describe, expect, it } from 'vitest'
import type { AccountSyncStatus } from '../../../src-shared/contract'
import { connectionSummary } from '../../../src-renderer/features/sync/status-summary'

const NOW = new Date('2026-12-03T12:00:00Z')
const account = (vendor: AccountSyncStatus['vendor'], over: Partial<AccountSyncStatus> = {}): AccountSyncStatus => ({
  accountId: vendor,
  vendor,
  label: vendor,
  queued: 0,
  sending: 0,
  failed: 0,
  conflicts: 0,
  needsSignIn: false,
  budget: null,
  lastPullAt: null,
  lastSync: { at: '2026-12-03T11:50:00Z', reachable: true, error: null },
  lastSuccessAt: '2026-12-03T11:50:00Z',
  pullWaitsUntil: null,
  skipped: 0,
  leftOut: [],
  firstPull: null,
  uploads: { files: 0, sentBytes: 0, totalBytes: 0 },
  ...over,
})
const down = { lastSync: { at: '2026-12-03T11:59:00Z', reachable: false, error: 'no answer' } }

// What the bar says is what sync saw, not only whether the computer has a network.
describe('connectionSummary', () => {
  it.each([
    ['no network', false, [account('opensolar')], 'bad', 'Offline'],
    [
      'every vendor answering',
      true,
      [account('opensolar'), account('locus', { lastSuccessAt: '2026-12-03T11:30:00Z' })],
      'good',
      'Online · synced 30 min ago',
    ],
    [
      'a network, but no vendor answering',
      true,
      [account('opensolar', down), account('locus', down)],
      'bad',
      'Online, but no vendor answers',
    ],
    [
      'one vendor not answering',
      true,
      [account('opensolar'), account('locus', down)],
      'warn',
      'Online · Locus not answering',
    ],
    [
      'an account to sign in again',
      true,
      [account('opensolar', { needsSignIn: true }), account('aurora')],
      'warn',
      'Online · OpenSolar: sign in again',
    ],
    [
      'a vendor that answered but refused',
      true,
      [account('aurora', { lastSync: { at: '2026-12-03T11:59:00Z', reachable: true, error: 'refused' } })],
      'warn',
      'Online · Aurora could not sync',
    ],
    [
      'an account never synced',
      true,
      [account('easypv', { lastSync: null, lastSuccessAt: null })],
      'good',
      'Online · not synced yet',
    ],
  ] as const)('%s', (_name, online, accounts, tone, text) => {
    expect(connectionSummary(online, [...accounts], NOW)).toEqual({ tone, text: expect.stringContaining(text) })
  })
})
