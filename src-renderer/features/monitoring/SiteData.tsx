import { useQuery } from '@tanstack/react-query'
import type { MonitoredComponent } from '../../../src-preload/contract'
import { useClient } from '../../api/api'

const kwh = (wh: number) => `${(wh / 1000).toFixed(wh < 10_000 ? 1 : 0)} kWh`

/** Times as they are on site: in the site's zone when Locus gives it, else this computer's. */
function siteClock(timeZone: string | null) {
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  })
  const zoneName =
    new Intl.DateTimeFormat(undefined, { timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? ''
  return {
    time: (iso: string) => format.format(new Date(iso)),
    label: timeZone
      ? `Times are site time (${timeZone.replaceAll('_', ' ')}${zoneName ? `, ${zoneName}` : ''})`
      : `Times are this computer's (${zoneName}): Locus gave no time zone for this site`,
  }
}

/** Hourly energy as a small bar chart: enough to see a dead inverter or a cloudy afternoon at a glance. */
function Sparkline({ points }: { points: MonitoredComponent['hourlyWh'] }) {
  if (points.length < 2) return <span className="muted">No readings cached yet</span>
  const max = Math.max(1, ...points.map((p) => p.wh))
  const width = 180
  const height = 32
  const bar = width / points.length
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Hourly energy, ${points.length} hours, peak ${kwh(max)}`}
    >
      {points.map((p, i) => {
        const h = Math.max(p.wh > 0 ? 1 : 0, (p.wh / max) * height)
        return <rect key={p.ts} x={i * bar} y={height - h} width={Math.max(1, bar - 0.5)} height={h} />
      })}
    </svg>
  )
}

/** A monitored site's devices and alerts, from the cache: it works on a roof with no signal. */
export function SiteData({ projectId }: { projectId: string }) {
  const { api } = useClient()
  const { data, error } = useQuery({
    queryKey: ['monitoring.site', { projectId }],
    queryFn: () => api['monitoring.site']({ projectId }),
  })
  if (error) return <p className="activity-error">{error.message}</p>
  if (!data) return null
  const open = data.alerts.filter((a) => !a.endedAt)
  const { time, label } = siteClock(data.timeZone)
  return (
    <section className="detail-section site-data" aria-label="Monitoring">
      <h3>Monitoring</h3>
      <p className="files-note" data-testid="site-time-zone">
        {label}
      </p>
      {data.components.length === 0 ? (
        <p className="files-note">No devices cached for this site yet: sync once with a connection.</p>
      ) : (
        <ul className="component-list">
          {data.components.map((c) => {
            const total = c.hourlyWh.reduce((sum, p) => sum + p.wh, 0)
            return (
              <li key={c.id} className="component-row">
                <div className="component-main">
                  <span className="file-title">{c.name}</span>
                  <span className="file-meta">
                    {c.nodeType.toLowerCase()}
                    {c.model ? ` · ${c.model}` : ''}
                    {c.serial ? ` · ${c.serial}` : ''}
                  </span>
                </div>
                {c.hourlyWh.length > 0 && (
                  <div className="component-readings">
                    <Sparkline points={c.hourlyWh} />
                    <span className="file-meta">
                      {kwh(total)} in {c.hourlyWh.length} h
                      {c.latest ? ` · ${Math.round(c.latest.watts)} W at ${time(c.latest.ts)}` : ''}
                    </span>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      )}
      <h3>Alerts{open.length ? ` · ${open.length} open` : ''}</h3>
      {data.alerts.length === 0 ? (
        <p className="files-note">No alerts in the last week.</p>
      ) : (
        <ul className="alert-list">
          {data.alerts.map((a) => (
            <li key={a.id} className={`alert-row ${a.endedAt ? 'closed' : 'open'}`}>
              <span className={`priority ${a.priority.toLowerCase()}`}>{a.priority}</span>
              <span className="alert-text">
                <strong>{a.alertType}</strong>
                {a.componentName ? ` on ${a.componentName}` : ''} — {a.description || 'no description'}
                <span className="file-meta">
                  {' '}
                  · {time(a.startedAt)}
                  {a.endedAt ? ` to ${time(a.endedAt)}` : ' · still open'}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.pulledAt && <p className="files-note">Refreshed {new Date(data.pulledAt).toLocaleString()}</p>}
    </section>
  )
}
