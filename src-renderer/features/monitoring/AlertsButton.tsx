// Alerts across every monitored site: the header says how many are open; the list shows
// each with its site, device, priority and times in that site's own zone, and opens the site.
import { useEffect, useRef, useState } from 'react'
import type { AlertAcrossSites } from '../../../src-shared/contract'
import { useContractQuery } from '../../api/contract-hooks'

function siteTime(iso: string, zone: string | null): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: zone ?? undefined }
  const abbreviation =
    new Intl.DateTimeFormat(undefined, { timeZoneName: 'short', timeZone: zone ?? undefined })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? ''
  return `${new Intl.DateTimeFormat(undefined, options).format(new Date(iso))} ${abbreviation}`.trim()
}

function AlertRow({ alert, onOpen }: { alert: AlertAcrossSites; onOpen: () => void }) {
  return (
    <li className={`alert-row ${alert.endedAt ? 'closed' : 'open'}`}>
      <span className={`priority ${alert.priority.toLowerCase()}`}>{alert.priority}</span>
      <span className="alert-text">
        <button type="button" className="link-button" onClick={onOpen}>
          {alert.siteTitle}
        </button>
        <br />
        <strong>{alert.alertType}</strong>
        {alert.componentName ? ` on ${alert.componentName}` : ''} — {alert.description || 'no description'}
        <span className="file-meta">
          {' '}
          · {siteTime(alert.startedAt, alert.timeZone)}
          {alert.endedAt ? ` to ${siteTime(alert.endedAt, alert.timeZone)}` : ' · still open'}
          {alert.timeZone ? ' (site time)' : ''}
        </span>
      </span>
    </li>
  )
}

export function AlertsButton({ onOpenSite }: { onOpenSite: (projectId: string) => void }) {
  const [showing, setShowing] = useState(false)
  const [onlyOpen, setOnlyOpen] = useState(true)
  const open = useContractQuery('monitoring.alerts', { open: true }, { refetchInterval: 60_000 })
  const listed = useContractQuery('monitoring.alerts', { open: onlyOpen }, { enabled: showing })
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    if (!showing) return
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !panel.current?.parentElement?.contains(event.target as Node)
      )
        setShowing(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [showing])
  const count = open.data?.items.length ?? 0
  return (
    <div className="alerts-anchor">
      <button
        type="button"
        className={`header-button${count ? ' alerting' : ''}`}
        aria-expanded={showing}
        onClick={() => setShowing(!showing)}
      >
        Alerts{count ? ` · ${count} open` : ''}
      </button>
      {showing && (
        <section ref={panel} className="alerts-panel" aria-label="Alerts across sites">
          <header>
            <strong>Alerts across sites</strong>
            <label>
              <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> Open only
            </label>
          </header>
          {listed.error ? (
            <p className="activity-error">{listed.error.message}</p>
          ) : !listed.data ? (
            <p className="files-note">Loading…</p>
          ) : listed.data.items.length === 0 ? (
            <p className="files-note">{onlyOpen ? 'No alert is open at any site.' : 'No alerts cached.'}</p>
          ) : (
            <ul className="alert-list">
              {listed.data.items.map((alert) => (
                <AlertRow
                  key={alert.id}
                  alert={alert}
                  onOpen={() => {
                    setShowing(false)
                    onOpenSite(alert.projectId)
                  }}
                />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
