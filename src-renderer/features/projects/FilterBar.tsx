import type { ProjectFilter, Vendor } from '../../../src-shared/contract'
import { useAccounts, useProjectFacets } from '../../api/queries'
import { VENDORS } from './vendors'

/** The list's, the search's and the map's filters: what is set narrows all three. */
export function FilterBar({ filter, onChange }: { filter: ProjectFilter; onChange: (filter: ProjectFilter) => void }) {
  const accounts = useAccounts().data?.items ?? []
  const stages = useProjectFacets().data?.stages ?? []
  const vendors = [...new Set(accounts.map((a) => a.vendor))]
  const set = (patch: ProjectFilter) => {
    const next: Record<string, unknown> = { ...filter, ...patch }
    for (const [key, value] of Object.entries(next))
      if (value === undefined || value === '' || value === false) delete next[key]
    onChange(next)
  }
  const active = Object.keys(filter).length > 0
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      {vendors.length > 1 && (
        <select
          aria-label="Vendor"
          value={filter.vendor ?? ''}
          onChange={(e) => set({ vendor: (e.target.value || undefined) as Vendor | undefined })}
        >
          <option value="">All vendors</option>
          {vendors.map((v) => (
            <option key={v} value={v}>
              {VENDORS[v].name}
            </option>
          ))}
        </select>
      )}
      {accounts.length > 1 && (
        <select
          aria-label="Account"
          value={filter.accountId ?? ''}
          onChange={(e) => set({ accountId: e.target.value || undefined })}
        >
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      )}
      {stages.length > 0 && (
        <select
          aria-label="Stage"
          value={filter.stage ?? ''}
          onChange={(e) => set({ stage: e.target.value || undefined })}
        >
          <option value="">All stages</option>
          {stages.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      )}
      <label className="filter-check">
        <input type="checkbox" checked={filter.pending ?? false} onChange={(e) => set({ pending: e.target.checked })} />
        Unsent
      </label>
      <label className="filter-check">
        <input
          type="checkbox"
          checked={filter.conflicts ?? false}
          onChange={(e) => set({ conflicts: e.target.checked })}
        />
        Conflicts
      </label>
      {active && (
        <button type="button" className="link" onClick={() => onChange({})}>
          Clear
        </button>
      )}
    </div>
  )
}
