// A monitored site's devices, readings and alerts. The chart's readings come from the cache first; main
// asks Locus only for what the cache lacks, so a view seen once opens again on a roof with no signal.
import { keepPreviousData } from '@tanstack/react-query'
import { lazy, Suspense, useMemo, useState } from 'react'
import type { DataPeriod, MethodOutput, MonitoredComponent } from '../../../src-shared/contract'
import { useContractQuery } from '../../api/contract-hooks'
import { useOnline } from '../../api/queries'
import { readingsCsv } from './readings-table'

const ReadingsChart = lazy(() => import('./ReadingsChart'))

type View = DataPeriod['view']
const VIEWS: { view: View; label: string }[] = [
  { view: 'day', label: 'Day' },
  { view: 'week', label: 'Week' },
  { view: 'month', label: 'Month' },
  { view: 'year', label: 'Year' },
  { view: 'custom', label: 'Custom' },
]
const GRANULARITY_LABELS: Record<string, string> = {
  '5min': '5 minutes',
  '15min': '15 minutes',
  hourly: 'Hourly',
  daily: 'Daily',
  monthly: 'Monthly',
  yearly: 'Yearly',
}
const MAX_LINES = 8

/** Times as they are on site: in the site's zone when Locus gives it, labelled, else this computer's. */
function siteClock(timeZone: string | null) {
  const zone = timeZone ?? undefined
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
  const zoneName =
    new Intl.DateTimeFormat(undefined, { timeZoneName: 'short', timeZone: zone })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? ''
  return {
    time: (iso: string | number) => time.format(new Date(iso)),
    label: timeZone
      ? `Times are site time (${timeZone.replaceAll('_', ' ')}${zoneName ? `, ${zoneName}` : ''})`
      : `Times are this computer's (${zoneName}): Locus gave no time zone for this site`,
  }
}

/** The period's name on the site's calendar: "Sun, 8 Mar 2026", "2 – 8 Mar 2026", "March 2026", "2026". */
function periodLabel(view: View, range: { start: number; end: number }, zone: string): string {
  const f = (options: Intl.DateTimeFormatOptions, ms: number) =>
    new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone }).format(new Date(ms))
  const last = range.end - 1
  switch (view) {
    case 'day':
      return f({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, range.start)
    case 'month':
      return f({ month: 'long', year: 'numeric' }, range.start)
    case 'year':
      return f({ year: 'numeric' }, range.start)
    default:
      return `${f({ day: 'numeric', month: 'short' }, range.start)} – ${f({ day: 'numeric', month: 'short', year: 'numeric' }, last)}`
  }
}

/** A date in the site's calendar, as a date input holds it (YYYY-MM-DD). */
const dateIn = (ms: number, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(ms),
  )

/** The fields every chosen device reports, with their names and granularities. */
function sharedFields(components: readonly MonitoredComponent[]) {
  const fields = new Map<string, { field: string; longName: string; unit: string; granularities: string[] }>()
  const [first, ...rest] = components
  for (const data of first?.available ?? [])
    for (const field of data.fields)
      if (rest.every((c) => c.available.some((a) => a.fields.includes(field))))
        fields.set(field, { field, longName: data.longName, unit: data.unit, granularities: data.granularities })
  return [...fields.values()]
}

function downloadCsv(answer: MethodOutput<'monitoring.series'>, name: string) {
  const blob = new Blob([readingsCsv(answer.series, answer.timeZone)], { type: 'text/csv' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `${name.replace(/[^\w -]+/g, '').trim() || 'readings'}.csv`
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
}

function ReadingsView({
  projectId,
  siteTitle,
  components,
  timeZone,
}: {
  projectId: string
  siteTitle: string
  components: MonitoredComponent[]
  timeZone: string | null
}) {
  const online = useOnline()
  const zone = timeZone ?? 'UTC'
  const inverters = components.filter((c) => c.nodeType === 'INVERTER')
  const [chosen, setChosen] = useState<number[]>(() => [(inverters[0] ?? components[0])!.id])
  const chosenComponents = components.filter((c) => chosen.includes(c.id))
  const fields = useMemo(() => sharedFields(chosenComponents), [chosenComponents])
  const [wanted, setWanted] = useState<string[]>(['W_avg'])
  const shownFields = wanted.filter((f) => fields.some((x) => x.field === f))
  const activeFields = shownFields.length ? shownFields : fields.slice(0, 1).map((f) => f.field)
  const [period, setPeriod] = useState<DataPeriod>(() => ({ view: 'day', at: Date.now() }))
  const [wide, setWide] = useState(false)
  // The future has no readings: "Later" stops at the period holding the time the view was opened or reset.
  const [now, setNow] = useState(() => Date.now())

  const input = { projectId, componentIds: chosen, fields: activeFields, period, fetch: online }
  const { data, error, isFetching } = useContractQuery('monitoring.series', input, {
    enabled: chosen.length > 0 && activeFields.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })
  const { time } = siteClock(timeZone)

  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item])
  const step = (direction: -1 | 1) => {
    if (!data || period.view === 'custom') return
    setPeriod({ view: period.view, at: direction < 0 ? data.range.start - 1 : data.range.end })
  }
  const granularities = fields
    .filter((f) => activeFields.includes(f.field))
    .reduce<string[] | null>(
      (shared, f) => (shared ? shared.filter((g) => f.granularities.includes(g)) : f.granularities),
      null,
    )
    ?.filter((g) => g in GRANULARITY_LABELS)

  return (
    <div className={`readings${wide ? ' wide' : ''}`} data-testid="readings">
      <div className="readings-bar" role="toolbar" aria-label="Period">
        <div className="view-switch" role="group" aria-label="View">
          {VIEWS.map(({ view, label }) => (
            <button
              key={view}
              type="button"
              aria-pressed={period.view === view}
              onClick={() => {
                if (view === period.view) return
                const anchor = data ? Math.min(Date.now(), data.range.end - 1) : Date.now()
                setPeriod(
                  view === 'custom'
                    ? { view, from: dateIn(anchor - 6 * 86_400_000, zone), to: dateIn(anchor, zone) }
                    : { view, at: period.view === 'custom' ? Date.now() : anchor },
                )
              }}
            >
              {label}
            </button>
          ))}
        </div>
        {period.view !== 'custom' ? (
          <div className="period-nav">
            <button type="button" aria-label="Earlier" onClick={() => step(-1)} disabled={!data}>
              ‹
            </button>
            <span className="period-label" data-testid="period-label">
              {data ? periodLabel(period.view, data.range, zone) : '…'}
            </span>
            <button type="button" aria-label="Later" onClick={() => step(1)} disabled={!data || data.range.end > now}>
              ›
            </button>
            <button
              type="button"
              onClick={() => {
                const at = Date.now()
                setNow(at)
                setPeriod({ view: period.view, at })
              }}
            >
              Now
            </button>
          </div>
        ) : (
          <div className="period-nav">
            <label>
              From{' '}
              <input
                type="date"
                value={period.from}
                max={period.to}
                onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })}
              />
            </label>
            <label>
              to{' '}
              <input
                type="date"
                value={period.to}
                min={period.from}
                onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })}
              />
            </label>
            <label>
              every{' '}
              <select
                value={period.granularity ?? ''}
                onChange={(e) =>
                  setPeriod({
                    ...period,
                    granularity: (e.target.value || undefined) as typeof period.granularity,
                  })
                }
              >
                <option value="">Automatic</option>
                {(granularities ?? []).map((g) => (
                  <option key={g} value={g}>
                    {GRANULARITY_LABELS[g]}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <button
          type="button"
          className="readings-wide-toggle"
          aria-pressed={wide}
          onClick={() => setWide(!wide)}
          title="Give the chart the map's room"
        >
          {wide ? 'Narrower' : 'Wider'}
        </button>
        <button
          type="button"
          className="export-csv"
          disabled={!data || data.series.every((s) => s.ts.length === 0)}
          onClick={() => data && downloadCsv(data, `${siteTitle} ${dateIn(data.range.start, zone)}`)}
        >
          Export CSV
        </button>
      </div>

      <fieldset className="chip-set">
        <legend>Devices</legend>
        {components.map((c) => (
          <label key={c.id} className="chip-check">
            <input
              type="checkbox"
              checked={chosen.includes(c.id)}
              disabled={!chosen.includes(c.id) && chosen.length * activeFields.length >= MAX_LINES}
              onChange={() =>
                chosen.length > 1 || !chosen.includes(c.id) ? setChosen(toggle(chosen, c.id)) : undefined
              }
            />
            {c.name}
            {c.latest && (
              <span className="file-meta" title={`At ${time(c.latest.ts)}`}>
                {' '}
                · {Math.round(c.latest.watts).toLocaleString()} W
              </span>
            )}
          </label>
        ))}
      </fieldset>
      <fieldset className="chip-set">
        <legend>Readings</legend>
        {fields.length === 0 && <span className="muted">These devices report nothing in common.</span>}
        {fields.map((f) => (
          <label key={f.field} className="chip-check" title={`${f.longName}, ${f.unit}`}>
            <input
              type="checkbox"
              checked={activeFields.includes(f.field)}
              disabled={!activeFields.includes(f.field) && chosen.length * (activeFields.length + 1) > MAX_LINES}
              onChange={() => {
                const next = toggle(activeFields, f.field)
                if (next.length) setWanted(next)
              }}
            />
            {f.longName} <span className="file-meta">{f.field}</span>
          </label>
        ))}
      </fieldset>

      {error ? (
        <p className="activity-error" role="alert">
          {error.message}
        </p>
      ) : data ? (
        <>
          <Suspense fallback={<div className="readings-chart" />}>
            <ReadingsChart answer={data} />
          </Suspense>
          <p className="files-note" data-testid="readings-status" aria-live="polite">
            {isFetching
              ? 'Reading…'
              : `${GRANULARITY_LABELS[data.granularity] ?? data.granularity} readings${
                  data.requests
                    ? ` · ${data.requests} request${data.requests > 1 ? 's' : ''} to Locus`
                    : ' · from this computer'
                }`}
            {data.missing.length > 0 && (
              <span className="readings-missing">
                {' '}
                · Not on this computer:{' '}
                {data.missing
                  .slice(0, 3)
                  .map((m) => `${time(m.start)} – ${time(m.end)}`)
                  .join(', ')}
                {data.missing.length > 3 ? ` and ${data.missing.length - 3} more` : ''}
                {data.problem
                  ? `. ${data.problem}`
                  : !online
                    ? '. Offline: they will be fetched when back online.'
                    : ''}
              </span>
            )}
          </p>
        </>
      ) : (
        <div className="readings-chart" aria-busy="true" />
      )}
    </div>
  )
}

/** A monitored site's devices, readings and alerts: it works on a roof with no signal. */
export function SiteData({ projectId, siteTitle }: { projectId: string; siteTitle: string }) {
  const { data, error } = useContractQuery('monitoring.site', { projectId })
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
        <ReadingsView
          key={projectId}
          projectId={projectId}
          siteTitle={siteTitle}
          components={data.components}
          timeZone={data.timeZone}
        />
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
