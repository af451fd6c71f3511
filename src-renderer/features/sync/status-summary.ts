// What the status bar says about the connection, from what sync last saw of each account: the
// browser's "online" only means a network is there, not that any vendor answered.
import type { AccountSyncStatus } from '../../../src-shared/contract'
import { VENDORS } from '../projects/vendors'

export type Reach = 'offline' | 'reachable' | 'unreachable' | 'sign-in' | 'unknown'

export function accountReach(online: boolean, account: AccountSyncStatus): Reach {
  if (!online) return 'offline'
  if (account.needsSignIn) return 'sign-in'
  if (!account.lastSync) return 'unknown'
  return account.lastSync.reachable ? 'reachable' : 'unreachable'
}

/** "3 min ago", "2 h ago", "yesterday 14:05", or the date. */
export function ago(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso)
  if (ms < 60_000) return 'just now'
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`
  if (ms < 24 * 3_600_000) return `${Math.floor(ms / 3_600_000)} h ago`
  const when = new Date(iso)
  return `${when.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`
}

export interface ConnectionSummary {
  tone: 'good' | 'warn' | 'bad'
  text: string
}

export function connectionSummary(online: boolean, accounts: AccountSyncStatus[], now: Date): ConnectionSummary {
  if (!online) return { tone: 'bad', text: 'Offline: changes are kept and sent when a connection returns' }
  if (!accounts.length) return { tone: 'warn', text: 'Online · no accounts yet' }
  const reach = accounts.map((a) => ({ account: a, reach: accountReach(online, a) }))
  const down = reach.filter((r) => r.reach === 'unreachable')
  const signIn = reach.filter((r) => r.reach === 'sign-in')
  const name = (a: AccountSyncStatus) =>
    `${VENDORS[a.vendor].name}${accounts.filter((x) => x.vendor === a.vendor).length > 1 ? ` (${a.label})` : ''}`
  if (down.length === accounts.length) return { tone: 'bad', text: 'Online, but no vendor answers' }
  if (down.length)
    return { tone: 'warn', text: `Online · ${down.map((d) => name(d.account)).join(', ')} not answering` }
  if (signIn.length)
    return { tone: 'warn', text: `Online · ${signIn.map((d) => name(d.account)).join(', ')}: sign in again` }
  const troubled = accounts.filter((a) => a.lastSync?.error)
  if (troubled.length) return { tone: 'warn', text: `Online · ${troubled.map(name).join(', ')} could not sync` }
  const synced = accounts.map((a) => a.lastSuccessAt).filter((t): t is string => t !== null)
  if (synced.length < accounts.length) return { tone: 'good', text: 'Online · not synced yet' }
  const oldest = synced.sort()[0]!
  return { tone: 'good', text: `Online · synced ${ago(oldest, now)}` }
}

const count = (n: number) => n.toLocaleString('en-GB')

/** "OpenSolar: 78,000 of 100,000 projects cached": a first pull that takes more than a day's budget. */
export function firstPullText(account: AccountSyncStatus): string {
  const pull = account.firstPull
  if (!pull) return ''
  const name = VENDORS[account.vendor].name
  return pull.total === null
    ? `${name}: ${count(pull.stored)} projects cached so far`
    : `${name}: ${count(pull.stored)} of ${count(pull.total)} projects cached`
}
