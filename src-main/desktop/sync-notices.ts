// What is worth telling the technician outside the window, from one sync status to the next: a change
// the vendor refused or a conflict to resolve (the sync ended with problems), an account that needs
// signing in again (its changes wait until then), and a long upload finished while they were elsewhere.
// Pure: the desktop app shows them as the system's notifications; nothing is shown on the first status.
import type { SyncStatus } from '../../src-shared/contract'

export interface Notice {
  title: string
  body: string
}

/** An upload this large is worth a word when it is done (a few photos are not). */
const LONG_UPLOAD_BYTES = 20 * 1024 * 1024

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function syncNotices(before: SyncStatus | null, after: SyncStatus, focused: boolean): Notice[] {
  if (!before) return []
  const notices: Notice[] = []
  const was = new Map(before.accounts.map((a) => [a.accountId, a]))
  for (const account of after.accounts)
    if (account.needsSignIn && was.get(account.accountId)?.needsSignIn === false)
      notices.push({
        title: `${account.label} needs you to sign in again`,
        body: 'Its changes wait on this computer until you do (Settings → Accounts).',
      })
  const refused = after.totals.failed - before.totals.failed
  const conflicts = after.totals.conflicts - before.totals.conflicts
  if (refused > 0 || conflicts > 0)
    notices.push({
      title: 'Sync finished with problems',
      body: [
        refused > 0 ? `${plural(refused, 'change')} refused by the vendor` : '',
        conflicts > 0 ? `${plural(conflicts, 'conflict')} to resolve` : '',
      ]
        .filter(Boolean)
        .join(', '),
    })
  const uploading = (status: SyncStatus) =>
    status.accounts.reduce(
      (sum, a) => ({ files: sum.files + a.uploads.files, bytes: sum.bytes + a.uploads.totalBytes }),
      {
        files: 0,
        bytes: 0,
      },
    )
  const previous = uploading(before)
  if (!focused && previous.files > 0 && previous.bytes >= LONG_UPLOAD_BYTES && uploading(after).files === 0)
    notices.push({
      title: 'Upload finished',
      body: `${plural(previous.files, 'file')} (${Math.round(previous.bytes / (1024 * 1024))} MB) sent to the vendor.`,
    })
  return notices
}

/** How far the uploads under way are, for the taskbar or dock (null: none under way). */
export function uploadFraction(status: SyncStatus): number | null {
  const sent = status.accounts.reduce((n, a) => n + a.uploads.sentBytes, 0)
  const total = status.accounts.reduce((n, a) => n + a.uploads.totalBytes, 0)
  return total > 0 ? Math.min(1, sent / total) : null
}
