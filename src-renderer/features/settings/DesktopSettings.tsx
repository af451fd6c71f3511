// Settings for living with the app: its version and updates (automatic or not, stable or beta, Check
// now), notifications outside the window, and a test of whether each vendor can be reached at all.
import type { UpdateStatus } from '../../../src-shared/contract'
import { useContractMutation } from '../../api/contract-hooks'
import { useAccounts, usePreferenceControls, useUpdateStatus } from '../../api/queries'

const STATE_WORDS: Record<UpdateStatus['state'], string> = {
  unavailable: 'Updates come with the desktop app.',
  idle: 'Not checked yet.',
  checking: 'Checking…',
  current: 'This is the newest version.',
  downloading: 'Downloading',
  ready: 'Ready: restart to update.',
  error: '',
}

export function UpdatesSettings() {
  const status = useUpdateStatus().data
  const { preferences: prefs, change } = usePreferenceControls()
  const check = useContractMutation<'updates.check', void>('updates.check', { input: () => ({}) })
  const available = status?.state !== 'unavailable'
  return (
    <section className="settings-section" aria-label="Updates">
      <h3>Version and updates</h3>
      <p>
        Solar Field {status?.version ?? '…'} · {status ? STATE_WORDS[status.state] : ''}
        {status?.state === 'downloading' &&
          status.available &&
          ` ${status.available} (${Math.round((status.progress ?? 0) * 100)} %)`}
        {status?.error && <span className="editor-error"> {status.error}</span>}
      </p>
      <label className="check-row">
        <input
          type="checkbox"
          checked={prefs?.autoUpdate ?? true}
          disabled={!available}
          onChange={(e) => change({ autoUpdate: e.target.checked })}
        />
        Look for updates by itself (at start and every six hours) and download them in the background
      </label>
      <div className="segmented" role="radiogroup" aria-label="Release channel">
        {(['stable', 'beta'] as const).map((channel) => (
          <label key={channel}>
            <input
              type="radio"
              name="update-channel"
              value={channel}
              disabled={!available}
              checked={(prefs?.updateChannel ?? 'stable') === channel}
              onChange={() => change({ updateChannel: channel })}
            />
            {channel === 'stable' ? 'Stable releases' : 'Betas too'}
          </label>
        ))}
      </div>
      <button type="button" disabled={!available || check.isPending} onClick={() => check.mutate()}>
        {check.isPending ? 'Checking…' : 'Check now'}
      </button>
    </section>
  )
}

export function NotificationsSettings() {
  const { preferences: prefs, change } = usePreferenceControls()
  return (
    <section className="settings-section" aria-label="Notifications">
      <h3>Notifications</h3>
      <label className="check-row">
        <input
          type="checkbox"
          checked={prefs?.notifications ?? true}
          onChange={(e) => change({ notifications: e.target.checked })}
        />
        Tell me outside the window when a sync ends with problems, an account needs signing in again, or a long upload
        finishes
      </label>
    </section>
  )
}

export function ConnectionSettings() {
  const accounts = useAccounts().data?.items ?? []
  const check = useContractMutation<'network.check', void>('network.check', { input: () => ({}) })
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id
  return (
    <section className="settings-section" aria-label="Connection">
      <h3>Connection</h3>
      <p className="muted">
        Whether this computer can reach each vendor at all — through its proxy and firewall, trusting their certificates
        — before any sign-in.
      </p>
      <button type="button" disabled={check.isPending || accounts.length === 0} onClick={() => check.mutate()}>
        {check.isPending ? 'Testing…' : 'Test the connection'}
      </button>
      {check.error && <p className="editor-error">{check.error.message}</p>}
      {check.data && (
        <ul className="connection-results" aria-live="polite">
          {check.data.results.map((r) => (
            <li key={r.accountId} className={r.ok ? 'reach-reachable' : 'reach-unreachable'}>
              <strong>{label(r.accountId)}</strong>: {r.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
