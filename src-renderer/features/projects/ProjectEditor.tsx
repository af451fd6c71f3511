import { useCallback, useId, useState } from 'react'
import type { ProjectChangesInput, ProjectDetail } from '../../../src-shared/contract'
import { PROJECT_FIELDS } from '../../../src-shared/project-fields'
import { useContractMutation } from '../../api/contract-hooks'
import { usePinPlacement } from '../map/pin-placement'
import { VENDORS } from './vendors'
import { type UsageDraft, UsageEditor, usageDraftOf, usageOf } from './UsageEditor'

type LineField = Extract<(typeof PROJECT_FIELDS)[number], { editor: 'line' }>
/** The editor's one-line text fields, in the order declared, with their labels and sections. */
const TEXT_FIELDS = PROJECT_FIELDS.filter((f): f is LineField => f.editor === 'line')
type TextKey = LineField['key']
/** Emptied, these are cleared (null) rather than set to an empty text. */
const NULLABLE: ReadonlySet<string> = new Set(
  TEXT_FIELDS.filter((f) => 'nullable' in f.value && f.value.nullable).map((f) => f.key),
)

interface Draft {
  text: Record<TextKey, string>
  stage: string
  buildDate: string
  lat: string
  lng: string
  usage: UsageDraft | null
  notes: string
  siteNotes: string
  panels: string
  inverters: string
  batteries: string
}

const draftOf = (p: ProjectDetail): Draft => ({
  text: Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, p[f.key] ?? ''])) as Record<TextKey, string>,
  stage: p.stage ?? '',
  buildDate: p.buildDate ?? '',
  lat: p.lat === null ? '' : String(p.lat),
  lng: p.lng === null ? '' : String(p.lng),
  usage: usageDraftOf(p.usage),
  notes: p.notes,
  siteNotes: p.siteNotes,
  panels: p.serials.panels,
  inverters: p.serials.inverters,
  batteries: p.serials.batteries,
})

const number = (text: string) => (text.trim() === '' ? null : Number(text))

/** Only what the technician changed, and only fields the vendor takes; or what still needs fixing. */
function changesOf(project: ProjectDetail, draft: Draft): { changes: ProjectChangesInput; problem: string | null } {
  const before = draftOf(project)
  const can = (field: string) => project.editableFields.includes(field)
  const changes: Record<string, unknown> = {}
  let problem: string | null = null
  for (const { key } of TEXT_FIELDS) {
    if (!can(key) || draft.text[key] === before.text[key]) continue
    changes[key] = NULLABLE.has(key) && draft.text[key].trim() === '' ? null : draft.text[key]
  }
  if (can('stage') && draft.stage && draft.stage !== before.stage) changes['stage'] = draft.stage
  if (can('buildDate') && draft.buildDate !== before.buildDate) changes['buildDate'] = draft.buildDate || null
  if (can('lat') && (draft.lat !== before.lat || draft.lng !== before.lng)) {
    const [lat, lng] = [number(draft.lat), number(draft.lng)]
    if ((lat === null) !== (lng === null) || Number.isNaN(lat) || Number.isNaN(lng))
      problem = 'A location needs both a latitude and a longitude (or neither).'
    else if (lat !== null && (Math.abs(lat) > 90 || Math.abs(lng!) > 180)) problem = 'That location is off the map.'
    else Object.assign(changes, { lat, lng })
  }
  if (can('usage') && draft.usage && JSON.stringify(draft.usage) !== JSON.stringify(before.usage)) {
    const usage = usageOf(draft.usage)
    if ('problem' in usage) problem = usage.problem
    else changes['usage'] = usage.usage
  }
  if (can('notes') && draft.notes !== before.notes) changes['notes'] = draft.notes
  if (can('siteNotes') && draft.siteNotes !== before.siteNotes) changes['siteNotes'] = draft.siteNotes
  if (can('serials')) {
    const serials: Record<string, string> = {}
    for (const key of ['panels', 'inverters', 'batteries'] as const)
      if (draft[key] !== before[key]) serials[key] = draft[key]
    if (Object.keys(serials).length) changes['serials'] = serials
  }
  return { changes: changes, problem }
}

/**
 * The technician's edits, as this project's vendor takes them: each vendor's fields and no others
 * (editableFields), its stages and choices. Saved here at once, sent when there is signal.
 */
export function ProjectEditor({ project, onDone }: { project: ProjectDetail; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(project))
  const id = useId()
  const save = useContractMutation<'projects.update', ProjectChangesInput>('projects.update', {
    input: (changes) => ({ id: project.id, changes }),
    onSuccess: onDone,
  })
  const { changes, problem } = changesOf(project, draft)
  const changed = Object.keys(changes).length > 0
  const can = (field: string) => project.editableFields.includes(field)
  const set = (key: Exclude<keyof Draft, 'text' | 'usage'>) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }))
  const setText = (key: TextKey) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, text: { ...d.text, [key]: event.target.value } }))
  const onPlace = useCallback(
    (lat: number, lng: number) => setDraft((d) => ({ ...d, lat: String(lat), lng: String(lng) })),
    [],
  )
  usePinPlacement(can('lat'), number(draft.lat), number(draft.lng), onPlace)

  const textFields = (section: string) =>
    TEXT_FIELDS.filter((f) => f.section === section && can(f.key)).map((f) => (
      <label key={f.key} className="editor-field" htmlFor={`${id}-${f.key}`}>
        <span>{f.label}</span>
        <input id={`${id}-${f.key}`} value={draft.text[f.key]} onChange={setText(f.key)} maxLength={200} />
      </label>
    ))

  return (
    <form
      className="editor"
      aria-label="Edit project"
      onSubmit={(event) => {
        event.preventDefault()
        if (problem) return
        if (changed) save.mutate(changes)
        else onDone()
      }}
      onKeyDown={(event) => event.key === 'Escape' && onDone()}
    >
      {textFields('project')}
      {can('stage') && (
        <label className="editor-field" htmlFor={`${id}-stage`}>
          <span>{VENDORS[project.vendor].stageLabel}</span>
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
      {can('buildDate') && (
        <label className="editor-field" htmlFor={`${id}-build`}>
          <span>Design mode (build date)</span>
          <select id={`${id}-build`} value={draft.buildDate} onChange={set('buildDate')}>
            <option value="">—</option>
            {(project.choices['buildDate'] ?? []).map((value) => (
              <option key={value} value={value}>
                {BUILD_DATES[value] ?? value}
              </option>
            ))}
          </select>
        </label>
      )}
      {textFields('site')}
      {can('lat') && (
        <div className="editor-row">
          <label className="editor-field" htmlFor={`${id}-lat`}>
            <span>Latitude</span>
            <input id={`${id}-lat`} inputMode="decimal" value={draft.lat} onChange={set('lat')} />
          </label>
          <label className="editor-field" htmlFor={`${id}-lng`}>
            <span>Longitude</span>
            <input id={`${id}-lng`} inputMode="decimal" value={draft.lng} onChange={set('lng')} />
          </label>
          <small className="muted">Or drag the red pin on the map (or click where the roof is).</small>
        </div>
      )}
      {textFields('customer')}
      {can('usage') && <UsageEditor value={draft.usage} onChange={(usage) => setDraft((d) => ({ ...d, usage }))} />}
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
      {(problem ?? save.error) && (
        <p className="editor-error" role="alert">
          {problem ?? save.error?.message}
        </p>
      )}
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={save.isPending || problem !== null}>
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

const BUILD_DATES: Record<string, string> = {
  pre2000: 'Built before 2000',
  post2000: 'Built 2000–2006',
  post2006: 'Built after 2006',
}
