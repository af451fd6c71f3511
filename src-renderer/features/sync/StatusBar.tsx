import { useAppInfo, useOnline, useSyncNow, useSyncStatus } from '../../api/queries'
import { VENDORS } from '../projects/vendors'

/** The bottom bar: connectivity, what is queued or stuck, and the vendors' request budgets. */
export function StatusBar() {
  const online = useOnline()
  const { data: status, error } = useSyncStatus()
  const { data: info } = useAppInfo()
  const syncNow = useSyncNow()
  const parts: string[] = []
  if (status) {
    const { queued, failed, conflicts } = status.totals
    if (queued) parts.push(`${queued} change${queued === 1 ? '' : 's'} queued`)
    else if (!failed && !conflicts) parts.push('All changes sent')
    if (failed) parts.push(`${failed} failed`)
    if (conflicts) parts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`)
    const uploading = status.accounts.reduce(
      (sum, a) => ({
        files: sum.files + a.uploads.files,
        sent: sum.sent + a.uploads.sentBytes,
        total: sum.total + a.uploads.totalBytes,
      }),
      { files: 0, sent: 0, total: 0 },
    )
    if (uploading.files)
      parts.push(
        `${uploading.files} upload${uploading.files === 1 ? '' : 's'} ${Math.floor((uploading.sent / Math.max(1, uploading.total)) * 100)}%`,
      )
    for (const account of status.accounts) {
      if (account.needsSignIn) parts.push(`${account.label}: sign in needed`)
      if (account.budget)
        parts.push(
          `${VENDORS[account.vendor].name} ${account.budget.remaining}/${account.budget.limit} requests left today`,
        )
    }
  }
  return (
    <footer className="status-bar" role="status">
      <span className={`connectivity ${online ? 'online' : 'offline'}`}>● {online ? 'Online' : 'Offline'}</span>
      {error ? (
        <span className="status-error">Sync status unavailable: {error.message}</span>
      ) : (
        parts.map((p) => <span key={p}>{p}</span>)
      )}
      {syncNow.data?.problems.length ? <span className="status-error">{syncNow.data.problems[0]}</span> : null}
      <span className="status-spacer" />
      <button
        type="button"
        className="sync-button"
        onClick={() => syncNow.mutate()}
        disabled={syncNow.isPending || !online}
      >
        {syncNow.isPending ? 'Syncing…' : 'Sync now'}
      </button>
      {info && <span className="app-version">Solar Field v{info.version}</span>}
    </footer>
  )
}
