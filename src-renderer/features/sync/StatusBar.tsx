import { useEffect, useState } from 'react'
import type { AccountSyncStatus, OutboxEntry } from '../../../src-shared/contract'
import { useContractMutation, useContractQuery } from '../../api/contract-hooks'
import { useAppInfo, useOnline, useSyncNow, useSyncStatus, useUpdateStatus } from '../../api/queries'
import { useCommand } from '../../app/commands'
import { VENDORS } from '../projects/vendors'
import { accountReach, ago, connectionSummary, firstPullText } from './status-summary'

type Panel = 'accounts' | 'attention' | null

/** A clock for "synced 3 min ago", ticking once a minute. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** The bottom bar: whether the vendors answer, what is queued or stuck (opening the projects concerned), budgets. */
export function StatusBar({
  onSelectProject,
  onOpenAccount,
}: {
  onSelectProject: (id: string) => void
  /** Opens Settings on an account (to sign in again). */
  onOpenAccount: (accountId: string) => void
}) {
  const online = useOnline()
  const now = useMinuteClock()
  const { data: status, error } = useSyncStatus()
  const { data: info } = useAppInfo()
  const syncNow = useSyncNow()
  useCommand('syncNow', () => online && !syncNow.isPending && syncNow.mutate())
  const [panel, setPanel] = useState<Panel>(null)
  const toggle = (which: Panel) => setPanel((open) => (open === which ? null : which))
  const summary = connectionSummary(online, status?.accounts ?? [], now)
  const totals = status?.totals
  const uploading = (status?.accounts ?? []).reduce(
    (sum, a) => ({
      files: sum.files + a.uploads.files,
      sent: sum.sent + a.uploads.sentBytes,
      total: sum.total + a.uploads.totalBytes,
    }),
    { files: 0, sent: 0, total: 0 },
  )
  const needsYou = (totals?.failed ?? 0) + (totals?.conflicts ?? 0)
  return (
    <footer className="status-bar" role="status">
      <div className="status-items">
        <button
          type="button"
          className={`connectivity tone-${summary.tone}`}
          aria-expanded={panel === 'accounts'}
          onClick={() => toggle('accounts')}
          title="Each account: does it answer, when did it last sync"
        >
          ● {summary.text}
        </button>
        {error ? (
          <span className="status-error">Sync status unavailable: {error.message}</span>
        ) : totals ? (
          <>
            {totals.queued ? (
              <span>
                {totals.queued} change{totals.queued === 1 ? '' : 's'} queued
              </span>
            ) : !needsYou ? (
              <span>All changes sent</span>
            ) : null}
            {needsYou ? (
              <button
                type="button"
                className="attention"
                aria-expanded={panel === 'attention'}
                onClick={() => toggle('attention')}
              >
                {[
                  totals.failed ? `${totals.failed} failed` : '',
                  totals.conflicts ? `${totals.conflicts} conflict${totals.conflicts === 1 ? '' : 's'}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </button>
            ) : null}
            {uploading.files ? (
              <span>
                {uploading.files} upload{uploading.files === 1 ? '' : 's'}{' '}
                {Math.floor((uploading.sent / Math.max(1, uploading.total)) * 100)}%
              </span>
            ) : null}
            {status?.databaseProblem ? (
              <span className="status-error" role="alert">
                {status.databaseProblem}
              </span>
            ) : null}
            {status?.accounts
              .filter((a) => a.firstPull)
              .map((a) => (
                <span key={`cache-${a.accountId}`} className="first-pull">
                  {firstPullText(a)}
                </span>
              ))}
            {status?.accounts
              .filter((a) => a.budget)
              .map((a) => (
                <span key={a.accountId}>
                  {VENDORS[a.vendor].name} {a.budget!.remaining}/{a.budget!.limit} requests left today
                </span>
              ))}
          </>
        ) : null}
        <span className="status-spacer" />
        <RestartToUpdate />
        <button
          type="button"
          className="sync-button"
          onClick={() => syncNow.mutate()}
          disabled={syncNow.isPending || !online}
        >
          {syncNow.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        {info && <span className="app-version">Solar Field v{info.version}</span>}
      </div>
      {panel === 'accounts' && status && (
        <AccountsPanel
          accounts={status.accounts}
          online={online}
          now={now}
          onClose={() => setPanel(null)}
          onOpenAccount={onOpenAccount}
        />
      )}
      {panel === 'attention' && (
        <AttentionPanel
          onClose={() => setPanel(null)}
          onSelect={(id) => {
            onSelectProject(id)
            setPanel(null)
          }}
        />
      )}
    </footer>
  )
}

const REACH_TEXT = {
  offline: 'Offline',
  reachable: 'Answering',
  unreachable: 'Not answering',
  'sign-in': 'Sign in again',
  unknown: 'Not synced yet',
} as const

function AccountsPanel(props: {
  accounts: AccountSyncStatus[]
  online: boolean
  now: Date
  onClose: () => void
  onOpenAccount: (accountId: string) => void
}) {
  return (
    <section className="status-panel" aria-label="Accounts">
      <header>
        <h2>Accounts</h2>
        <button type="button" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </header>
      {props.accounts.length === 0 && <p className="muted">No accounts yet.</p>}
      <ul>
        {props.accounts.map((account) => {
          const reach = accountReach(props.online, account)
          return (
            <li key={account.accountId} className={`account-row reach-${reach}`}>
              <div className="account-head">
                <span className="reach-dot" aria-hidden="true">
                  ●
                </span>
                <strong>{account.label}</strong>
                <span className="muted">{VENDORS[account.vendor].name}</span>
                <span className="account-reach">{REACH_TEXT[reach]}</span>
              </div>
              <div className="muted">
                Last synced: {account.lastSuccessAt ? ago(account.lastSuccessAt, props.now) : 'never'}
                {account.lastSync &&
                  !account.lastSync.reachable &&
                  ` · last tried ${ago(account.lastSync.at, props.now)}`}
              </div>
              {account.lastSync?.error && <div className="status-error wrap">{account.lastSync.error}</div>}
              {reach === 'sign-in' && (
                <button type="button" className="link" onClick={() => props.onOpenAccount(account.accountId)}>
                  Sign in again…
                </button>
              )}
              {account.pullWaitsUntil && Date.parse(account.pullWaitsUntil) > props.now.getTime() && (
                <div className="muted">
                  Refreshing again after{' '}
                  {new Date(account.pullWaitsUntil).toLocaleTimeString(undefined, {
                    hour: '2-digit',
                    minute: '2-digit',
                  })}{' '}
                  (or press Sync now)
                </div>
              )}
              {account.skipped > 0 && (
                <details className="left-out">
                  <summary className="muted">
                    {account.skipped} record{account.skipped === 1 ? '' : 's'} from {VENDORS[account.vendor].name} could
                    not be read and {account.skipped === 1 ? 'was' : 'were'} left out
                  </summary>
                  <ul>
                    {account.leftOut.map((record, i) => (
                      <li key={i}>
                        {record.kind} {record.remoteId ?? '(no id)'}: {record.reason}
                      </li>
                    ))}
                    {account.skipped > account.leftOut.length && (
                      <li className="muted">and {account.skipped - account.leftOut.length} more</li>
                    )}
                  </ul>
                </details>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** Projects with a change the vendor refused or a conflict: one row each, opening the project. */
function AttentionPanel(props: { onClose: () => void; onSelect: (projectId: string) => void }) {
  const { data, error } = useContractQuery('outbox.list', {})
  const byProject = new Map<string, { title: string; entries: OutboxEntry[] }>()
  for (const entry of data?.items ?? []) {
    if (!['parked', 'failed', 'conflict'].includes(entry.state)) continue
    const row = byProject.get(entry.projectId) ?? { title: entry.projectTitle, entries: [] }
    row.entries.push(entry)
    byProject.set(entry.projectId, row)
  }
  return (
    <section className="status-panel" aria-label="Changes that need you">
      <header>
        <h2>Changes that need you</h2>
        <button type="button" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </header>
      {error && <p className="status-error">{error.message}</p>}
      <ul>
        {[...byProject].map(([projectId, { title, entries }]) => (
          <li key={projectId}>
            <button type="button" className="attention-project" onClick={() => props.onSelect(projectId)}>
              <strong>{title}</strong>
              <span className="muted">
                {entries.some((e) => e.state === 'conflict')
                  ? 'Changed here and at the vendor: pick which to keep'
                  : (entries[0]?.lastError ?? 'Refused by the vendor')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** A downloaded update, offered once it is ready; refused (with why) while changes are being sent. */
function RestartToUpdate() {
  const status = useUpdateStatus().data
  const install = useContractMutation<'updates.install', void>('updates.install', { input: () => ({}) })
  if (status?.state !== 'ready') return null
  return (
    <span className="restart-update">
      <button type="button" onClick={() => install.mutate()} disabled={install.isPending}>
        Restart to update to {status.available}
      </button>
      {install.data?.reason && <span className="muted"> {install.data.reason}</span>}
    </span>
  )
}
