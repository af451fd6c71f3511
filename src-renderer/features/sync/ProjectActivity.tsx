import type { Conflict, OutboxEntry, Vendor } from '../../../src-shared/contract'
import { useContractMutation, useContractQuery } from '../../api/contract-hooks'
import { VENDORS } from '../projects/vendors'
import { fieldLabel } from '../../../src-shared/project-fields'
import { textOf } from '../../../src-shared/text-of'

/** A queued field by its declared label; a project's delete is named as such. */
const label = (field: string) => (field === '(deleted)' ? 'The project itself' : fieldLabel(field))
const show = (value: unknown) => textOf(value) || '(empty)'

/** What a queued change is, in a technician's words. */
function describeOp(op: OutboxEntry): string {
  const file = `"${op.fileTitle ?? 'file'}"`
  switch (op.op) {
    case 'create':
      return 'New project'
    case 'delete':
      return 'Deletion'
    case 'upload':
      return `Upload of ${file}`
    case 'rename':
    case 'tag':
      return `${op.fields.includes('title') ? 'Name' : 'Tags'} of ${file}`
    case 'file_delete':
      return `Removal of ${file}`
    default:
      return op.fields.map(label).join(', ')
  }
}

const STATE_TEXT: Record<OutboxEntry['state'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending…',
  failed: 'Could not be sent',
  parked: 'Refused by the vendor',
  conflict: 'Changed in both places',
}

/** This project's changes that have not reached the vendor, and what the technician can do about them. */
export function ProjectActivity({ projectId, vendor }: { projectId: string; vendor: Vendor }) {
  const outbox = useContractQuery('outbox.list', { projectId })
  const conflicts = useContractQuery('conflicts.list', { projectId })
  const resolve = useContractMutation('conflicts.resolve')
  const discard = useContractMutation('outbox.discard')
  const retry = useContractMutation('outbox.retry')
  const acts = [resolve, discard, retry]
  const act = { isPending: acts.some((a) => a.isPending), error: acts.find((a) => a.error)?.error ?? null }
  const ops = outbox.data?.items ?? []
  const open = conflicts.data?.items ?? []
  if (!ops.length && !open.length) return null
  const vendorName = VENDORS[vendor].name

  return (
    <section className="activity" aria-label="Changes waiting">
      <h3>Changes waiting</h3>
      {open.map((c: Conflict) => (
        <div key={`c${c.id}`} className="activity-item conflict">
          <div className="activity-title">
            {c.field === '(deleted)'
              ? `Deleted in ${vendorName} while you edited it here`
              : `${label(c.field)}: changed here and in ${vendorName}`}
          </div>
          {c.field !== '(deleted)' && (
            <dl className="conflict-values">
              <dt>Yours</dt>
              <dd>{show(c.local)}</dd>
              <dt>{vendorName}</dt>
              <dd>{show(c.remote)}</dd>
            </dl>
          )}
          <div className="activity-actions">
            <button type="button" disabled={act.isPending} onClick={() => resolve.mutate({ id: c.id, keep: 'mine' })}>
              {c.field === '(deleted)' ? 'Keep it (create again)' : 'Keep mine'}
            </button>
            <button type="button" disabled={act.isPending} onClick={() => resolve.mutate({ id: c.id, keep: 'theirs' })}>
              {c.field === '(deleted)' ? 'Delete it here too' : `Keep ${vendorName}'s`}
            </button>
          </div>
        </div>
      ))}
      {ops
        .filter((op) => op.state !== 'conflict')
        .map((op) => (
          <div key={`o${op.id}`} className={`activity-item ${op.state}`}>
            <div className="activity-title">
              {describeOp(op)}
              <span className="activity-state"> · {STATE_TEXT[op.state]}</span>
            </div>
            {op.lastError && <p className="activity-error">{op.lastError}</p>}
            {op.state === 'queued' && (
              <div className="activity-actions">
                <button type="button" disabled={act.isPending} onClick={() => discard.mutate({ id: op.id })}>
                  Undo
                </button>
              </div>
            )}
            {(op.state === 'parked' || op.state === 'failed') && (
              <div className="activity-actions">
                <button type="button" disabled={act.isPending} onClick={() => retry.mutate({ id: op.id })}>
                  Try again
                </button>
                <button type="button" disabled={act.isPending} onClick={() => discard.mutate({ id: op.id })}>
                  Discard my change
                </button>
              </div>
            )}
          </div>
        ))}
      {act.error && (
        <p className="activity-error" role="alert">
          {act.error.message}
        </p>
      )}
    </section>
  )
}
