import { type ReactNode, useState } from 'react'
import { useContractMutation } from '../../api/contract-hooks'
import type { ProjectDetail as Detail } from '../../../src-shared/contract'
import { useProject } from '../../api/queries'
import { ProjectFiles } from '../attachments/ProjectFiles'
import { MonitoredSite } from '../monitoring/MonitoredSite'
import { SiteData } from '../monitoring/SiteData'
import { ProjectActivity } from '../sync/ProjectActivity'
import { ProjectEditor } from './ProjectEditor'
import { VENDORS } from './vendors'

export interface Deleted {
  title: string
  /** The queued delete; discarding it undoes the delete. Null: it had never reached the vendor, and is gone. */
  undoId: number | null
  projectId: string
}

export function ProjectDetail({
  id,
  editing,
  onEditing,
  onDeleted,
}: {
  id: string | null
  /** The editor is open (Edit, or Enter on the list's row). */
  editing: boolean
  onEditing: (editing: boolean) => void
  onDeleted: (deleted: Deleted) => void
}) {
  const { data: project, error, isPending } = useProject(id)
  if (id === null) {
    return (
      <aside className="detail empty-state" aria-label="Project details">
        <h2>No project selected</h2>
        <p>Pick a project from the list or a pin on the map to see its customer, system, serial numbers and notes.</p>
      </aside>
    )
  }
  if (error) {
    return (
      <aside className="detail empty-state" aria-label="Project details">
        <h2>Could not open this project</h2>
        <p>{error.message}</p>
      </aside>
    )
  }
  if (isPending) return <aside className="detail" aria-label="Project details" aria-busy="true" />
  return (
    <aside className="detail" aria-label="Project details">
      <DetailHeader
        project={project}
        editing={editing}
        onEdit={() => onEditing(true)}
        onDeleted={(undoId) => onDeleted({ title: project.title, undoId, projectId: project.id })}
      />
      {editing && project.editableFields.length > 0 && (
        <ProjectEditor key={project.id} project={project} onDone={() => onEditing(false)} />
      )}
      <div className="detail-body">
        <ProjectActivity projectId={project.id} vendor={project.vendor} />
        <Section title="Customer">
          <Field label="Name" value={project.customerName} />
          <Field label="Phone" value={project.customerPhone} />
          <Field label="Email" value={project.customerEmail} />
          {project.editableFields.includes('mailingAddress') && (
            <Field label="Mailing address" value={project.mailingAddress} />
          )}
        </Section>
        <Section title="Site">
          <Field
            label="Address"
            value={[project.address, project.locality, project.region, project.postcode].filter(Boolean).join(', ')}
          />
          <Field label="Country" value={project.country} />
          <Field
            label="Location"
            value={
              project.lat !== null && project.lng !== null
                ? `${project.lat.toFixed(5)}, ${project.lng.toFixed(5)}`
                : null
            }
          />
        </Section>
        <Section title="System">
          <Field label="Summary" value={project.systemSummary} />
          {project.editableFields.includes('usage') && (
            <Field label="Energy use" value={describeUsage(project.usage)} />
          )}
          {project.editableFields.includes('buildDate') && <Field label="Design mode" value={project.buildDate} />}
          <Field label="Panel serials" value={project.serials.panels} mono />
          <Field label="Inverter serials" value={project.serials.inverters} mono />
          <Field label="Battery serials" value={project.serials.batteries} mono />
        </Section>
        <Section title="Notes">
          <Field label="Notes" value={project.notes} multiline />
          <Field label="Site notes" value={project.siteNotes} multiline />
        </Section>
        {VENDORS[project.vendor].monitoring ? (
          <SiteData projectId={project.id} siteTitle={project.title} />
        ) : (
          <>
            <MonitoredSite key={`site-${project.id}`} projectId={project.id} />
            {/* Keyed by project: a file's error or an add in progress stays with the project it belongs to. */}
            <ProjectFiles key={project.id} projectId={project.id} vendor={project.vendor} />
          </>
        )}
        <Section title="Record">
          <Field label="Account" value={project.accountLabel} />
          <Field
            label={`${VENDORS[project.vendor].name} id`}
            value={project.remoteId ?? 'Not yet created remotely'}
            mono
          />
          <Field label="Created" value={formatDate(project.createdAt)} />
          <Field label="Last changed" value={formatDate(project.modifiedAt)} />
        </Section>
      </div>
    </aside>
  )
}

function DetailHeader({
  project,
  editing,
  onEdit,
  onDeleted,
}: {
  project: Detail
  editing: boolean
  onEdit: () => void
  onDeleted: (undoId: number | null) => void
}) {
  const vendor = VENDORS[project.vendor]
  const [confirming, setConfirming] = useState(false)
  const remove = useContractMutation<'projects.delete', void>('projects.delete', {
    input: () => ({ id: project.id }),
    onSuccess: ({ undoId }) => onDeleted(undoId),
  })
  return (
    <header className="detail-header">
      <div className="detail-title-row">
        <h2>{project.title}</h2>
        {project.editableFields.length > 0 ? (
          !editing && (
            <div className="detail-actions">
              <button type="button" className="edit-button" onClick={onEdit}>
                Edit
              </button>
              {project.canDelete && (
                <button type="button" className="edit-button" onClick={() => setConfirming(true)}>
                  Delete
                </button>
              )}
            </div>
          )
        ) : (
          <span className="read-only-note">Read-only</span>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="Delete this project?">
          <p>
            Delete <strong>{project.title}</strong>? It is deleted here now, and in {vendor.name} when there is signal.
            Until then it can be undone.
          </p>
          {remove.error && <p className="editor-error">{remove.error.message}</p>}
          <div className="editor-actions">
            <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete project
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="detail-subtitle">
        <span className="vendor-pill" style={{ borderColor: vendor.color, color: vendor.color }}>
          {vendor.name}
        </span>
        {project.stage && <span className="stage-chip">{project.stage}</span>}
        {project.pending > 0 ? (
          <span className="pending-badge">◷ {project.pending} pending</span>
        ) : (
          <span className="synced-note">✓ In sync</span>
        )}
      </div>
    </header>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3>{title}</h3>
      <dl>{children}</dl>
    </section>
  )
}

function Field({
  label,
  value,
  mono,
  multiline,
}: {
  label: string
  value: string | null
  mono?: boolean
  multiline?: boolean
}) {
  const empty = value === null || value.trim() === ''
  return (
    <>
      <dt>{label}</dt>
      <dd
        className={
          [empty ? 'empty' : '', mono ? 'mono' : '', multiline ? 'multiline' : ''].join(' ').trim() || undefined
        }
      >
        {empty ? '—' : value}
      </dd>
    </>
  )
}

/** "7,300 kWh a year", "Monthly bills: 100, 101, …", "Estimate: Medium". */
function describeUsage(usage: Detail['usage']): string | null {
  if (!usage) return null
  const { usage_data_source: source, values } = usage
  if (typeof values === 'string') return `Estimate: ${values}`
  const unit = source.startsWith('kwh') ? ' kWh' : ''
  const kind = source.replace(/^(kwh|bill)_/, '').replaceAll('_', ' ')
  if (typeof values === 'number') return `${values.toLocaleString()}${unit} a year${unit ? '' : ' (bill)'}`
  return `${source.startsWith('kwh') ? 'Consumption' : 'Bills'}, ${kind}: ${values.map((v) => v.toLocaleString()).join(', ')}${unit}`
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const formatDate = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : null)
