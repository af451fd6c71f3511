// A design's installed system, seen from the design: the monitored site that matches it by
// position and address, which the technician can correct, and that site's data right here.
import { useState } from 'react'
import type { SiteForProject } from '../../../src-shared/contract'
import { useContractMutation, useContractQuery } from '../../api/contract-hooks'
import { SiteData } from './SiteData'

const describeLink = (link: NonNullable<SiteForProject['site']>) =>
  [
    link.distanceM === null
      ? null
      : link.distanceM < 1000
        ? `${link.distanceM} m away`
        : `${(link.distanceM / 1000).toFixed(1)} km away`,
    link.sameAddress ? 'same address' : null,
  ]
    .filter(Boolean)
    .join(', ')

export function MonitoredSite({ projectId }: { projectId: string }) {
  const { data, error } = useContractQuery('monitoring.siteFor', { projectId })
  const [changing, setChanging] = useState(false)
  const choose = useContractMutation<'monitoring.chooseSite', 'none' | 'automatic' | { site: string }>(
    'monitoring.chooseSite',
    { input: (choice) => ({ projectId, choice }), onSuccess: () => setChanging(false) },
  )
  if (error) return <p className="activity-error">{error.message}</p>
  if (!data || (!data.site && data.offered.length === 0)) return null
  const { site, chosenBy, offered } = data
  const picker = (
    <label className="site-picker">
      <span className="visually-hidden">Monitored site</span>
      <select
        aria-label="Monitored site"
        value=""
        disabled={choose.isPending}
        onChange={(e) => {
          const value = e.target.value
          if (value === 'none' || value === 'automatic') choose.mutate(value)
          else if (value) choose.mutate({ site: value })
        }}
      >
        <option value="">{site ? 'Change…' : 'Choose the monitored site…'}</option>
        {offered
          .filter((o) => o.projectId !== site?.projectId)
          .map((o) => (
            <option key={o.projectId} value={o.projectId}>
              {o.title} — {o.address} ({describeLink(o)})
            </option>
          ))}
        {(site || chosenBy !== 'you') && <option value="none">Not monitored</option>}
        {chosenBy === 'you' && <option value="automatic">Match automatically</option>}
      </select>
    </label>
  )
  return (
    <section className="detail-section monitored-site" aria-label="Monitored site">
      {site ? (
        <p className="site-link" data-testid="site-link">
          Monitored as <strong>{site.title}</strong>
          <span className="file-meta">
            {' '}
            · {site.address}
            {describeLink(site) ? ` · ${describeLink(site)}` : ''} · {chosenBy === 'you' ? 'your choice' : 'matched'}
          </span>{' '}
          {changing ? (
            picker
          ) : (
            <button type="button" className="link-button" onClick={() => setChanging(true)}>
              Change
            </button>
          )}
        </p>
      ) : (
        <p className="site-link" data-testid="site-link">
          {chosenBy === 'you' ? 'Not monitored (your choice). ' : 'A monitored site is near this project. '}
          {picker}
        </p>
      )}
      {choose.error && <p className="activity-error">{choose.error.message}</p>}
      {site && <SiteData key={site.projectId} projectId={site.projectId} siteTitle={site.title} />}
    </section>
  )
}
