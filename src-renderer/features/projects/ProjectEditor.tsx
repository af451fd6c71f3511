import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { ProjectChanges, ProjectDetail } from '../../../src-preload/contract'
import { useClient } from '../../api/api'

interface Draft {
  stage: string
  notes: string
  siteNotes: string
  panels: string
  inverters: string
  batteries: string
}

const draftOf = (p: ProjectDetail): Draft => ({
  stage: p.stage ?? '',
  notes: p.notes,
  siteNotes: p.siteNotes,
  panels: p.serials.panels,
  inverters: p.serials.inverters,
  batteries: p.serials.batteries,
})

/** Only what the technician changed, and only fields the vendor takes. */
function changesOf(project: ProjectDetail, draft: Draft): ProjectChanges {
  const before = draftOf(project)
  const can = (field: string) => project.editableFields.includes(field)
  const changes: ProjectChanges = {}
  if (can('stage') && draft.stage && draft.stage !== before.stage) changes.stage = draft.stage
  if (can('notes') && draft.notes !== before.notes) changes.notes = draft.notes
  if (can('siteNotes') && draft.siteNotes !== before.siteNotes) changes.siteNotes = draft.siteNotes
  if (can('serials')) {
    const serials: NonNullable<ProjectChanges['serials']> = {}
    for (const key of ['panels', 'inverters', 'batteries'] as const)
      if (draft[key] !== before[key]) serials[key] = draft[key]
    if (Object.keys(serials).length) changes.serials = serials
  }
  return changes
}

/** The technician's edits: stage, notes and serial numbers. Saved here at once, sent when there is signal. */
export function ProjectEditor({ project, onDone }: { project: ProjectDetail; onDone: () => void }) {
  const { api } = useClient()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(() => draftOf(project))
  const id = useId()
  const save = useMutation({
    mutationFn: (changes: ProjectChanges) => api['projects.update']({ id: project.id, changes }),
    onSuccess: async () => {
      await Promise.all(
        ['projects.get', 'projects.list', 'projects.search', 'projects.locations', 'sync.getStatus'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      )
      onDone()
    },
  })
  const changes = changesOf(project, draft)
  const changed = Object.keys(changes).length > 0
  const can = (field: string) => project.editableFields.includes(field)
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }))

  return (
    <form
      className="editor"
      aria-label="Edit project"
      onSubmit={(event) => {
        event.preventDefault()
        if (changed) save.mutate(changes)
        else onDone()
      }}
      onKeyDown={(event) => event.key === 'Escape' && onDone()}
    >
      {can('stage') && (
        <label className="editor-field" htmlFor={`${id}-stage`}>
          <span>Stage</span>
          <select id={`${id}-stage`} value={draft.stage} onChange={set('stage')}>
            {!draft.stage && <option value="">—</option>}
            {project.stageOptions.map((stage) => (
              <option key={stage} value={stage}>
                {stage}
              </option>
            ))}
          </select>
        </label>
      )}
      {can('notes') && (
        <label className="editor-field" htmlFor={`${id}-notes`}>
          <span>Notes</span>
          <textarea id={`${id}-notes`} rows={4} value={draft.notes} onChange={set('notes')} maxLength={10_000} />
        </label>
      )}
      {can('siteNotes') && (
        <label className="editor-field" htmlFor={`${id}-site`}>
          <span>Site notes</span>
          <textarea id={`${id}-site`} rows={3} value={draft.siteNotes} onChange={set('siteNotes')} maxLength={10_000} />
        </label>
      )}
      {can('serials') &&
        (
          [
            ['panels', 'Panel serials'],
            ['inverters', 'Inverter serials'],
            ['batteries', 'Battery serials'],
          ] as const
        ).map(([key, label]) => (
          <label key={key} className="editor-field" htmlFor={`${id}-${key}`}>
            <span>{label}</span>
            <input
              id={`${id}-${key}`}
              className="mono"
              value={draft[key]}
              onChange={set(key)}
              spellCheck={false}
              maxLength={5000}
            />
          </label>
        ))}
      {save.error && (
        <p className="editor-error" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : changed ? 'Save changes' : 'Done'}
        </button>
        <button type="button" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
        <span className="editor-hint">Saved on this computer at once; sent to the vendor when there is signal.</span>
      </div>
    </form>
  )
}
