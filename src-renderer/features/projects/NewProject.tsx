import { useCallback, useId, useState } from 'react'
import type { AccountView, ProjectChangesInput } from '../../../src-shared/contract'
import { useContractMutation } from '../../api/contract-hooks'
import { useAccounts } from '../../api/queries'
import { usePinPlacement } from '../map/pin-placement'
import { VENDORS } from './vendors'

const FIELDS = [
  ['title', 'Title'],
  ['address', 'Street address'],
  ['locality', 'Suburb / town'],
  ['region', 'State / region'],
  ['postcode', 'Postcode'],
  ['customerName', 'Customer name'],
  ['customerEmail', 'Customer email'],
  ['customerPhone', 'Customer phone'],
] as const

/**
 * A new project on one of the accounts that take them: only the fields that vendor takes at
 * creation; the location typed as an address or placed with the pin. Saved here, created when there is signal.
 */
export function NewProject(props: { onCreated: (id: string) => void; onCancel: () => void }) {
  const id = useId()
  const accounts = (useAccounts().data?.items ?? []).filter((a) => a.createFields.length > 0)
  const [accountId, setAccountId] = useState<string>('')
  const account: AccountView | undefined = accounts.find((a) => a.id === accountId) ?? accounts[0]
  const [values, setValues] = useState<Record<string, string>>({})
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null)
  const can = (field: string) => account?.createFields.includes(field) ?? false
  const onPlace = useCallback((lat: number, lng: number) => setLocation({ lat, lng }), [])
  usePinPlacement(can('lat'), location?.lat ?? null, location?.lng ?? null, onPlace)
  const create = useContractMutation<'projects.create', ProjectChangesInput>('projects.create', {
    input: (fields) => ({ accountId: account!.id, fields }),
    onSuccess: ({ id: created }) => props.onCreated(created),
  })
  const fields: Record<string, unknown> = {}
  for (const [key] of FIELDS) if (can(key) && values[key]?.trim()) fields[key] = values[key]
  if (can('stage') && values['stage']) fields['stage'] = values['stage']
  if (location) Object.assign(fields, location)
  // Every vendor needs something to call it; some (Aurora) need a place too.
  const facts = account && VENDORS[account.vendor]
  const problem =
    !fields['title'] && !fields['address']
      ? 'Give it a title or an address.'
      : facts?.createNeedsPlace && !fields['address'] && !location
        ? `${facts.name} needs an address, or the pin placed on the map.`
        : null
  if (!accounts.length)
    return (
      <aside className="detail empty-state" aria-label="New project">
        <h2>No account takes new projects</h2>
        <p>Add an OpenSolar, Easy PV or Aurora account in Settings first.</p>
        <button type="button" onClick={props.onCancel}>
          Close
        </button>
      </aside>
    )
  return (
    <aside className="detail" aria-label="New project">
      <form
        className="editor new-project"
        aria-label="New project"
        onSubmit={(e) => {
          e.preventDefault()
          if (!problem && account) create.mutate(fields)
        }}
        onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
      >
        <h2>New project</h2>
        <label className="editor-field" htmlFor={`${id}-account`}>
          <span>Account</span>
          <select id={`${id}-account`} value={account?.id ?? ''} onChange={(e) => setAccountId(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label.includes(VENDORS[a.vendor].name) ? a.label : `${a.label} (${VENDORS[a.vendor].name})`}
              </option>
            ))}
          </select>
        </label>
        {FIELDS.filter(([key]) => can(key)).map(([key, label]) => (
          <label key={key} className="editor-field" htmlFor={`${id}-${key}`}>
            <span>{label}</span>
            <input
              id={`${id}-${key}`}
              value={values[key] ?? ''}
              maxLength={200}
              onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
            />
          </label>
        ))}
        {can('stage') && account && account.stageOptions.length > 0 && (
          <label className="editor-field" htmlFor={`${id}-stage`}>
            <span>{VENDORS[account.vendor].stageLabel}</span>
            <select
              id={`${id}-stage`}
              value={values['stage'] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, stage: e.target.value }))}
            >
              <option value="">The vendor’s default</option>
              {account.stageOptions.map((stage) => (
                <option key={stage} value={stage}>
                  {stage}
                </option>
              ))}
            </select>
          </label>
        )}
        {can('lat') && (
          <p className="muted" data-testid="new-project-location">
            {location
              ? `Location: ${location.lat.toFixed(5)}, ${location.lng.toFixed(5)} (drag the red pin to move it)`
              : 'Location: click the map where the roof is, or drag the red pin there.'}
          </p>
        )}
        {(problem ?? create.error) && (
          <p className="editor-error" role="alert">
            {create.error?.message ?? problem}
          </p>
        )}
        <div className="editor-actions">
          <button type="submit" className="primary" disabled={create.isPending || problem !== null}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <span className="editor-hint">
            Kept here at once; created at {account ? VENDORS[account.vendor].name : 'the vendor'} when there is signal.
          </span>
        </div>
      </form>
    </aside>
  )
}
