// A vendor's project is checked before it enters the cache: the cache must only hold what the windows
// can show (the contract checks every answer, so one `lat: 1000` or `modified_date: "yesterday"` stored
// would make the project list fail for good). A record that fails is left out and reported, not fixed.
// The last word is the contract's own schemas for the fields the windows read.
import { ProjectDetail } from '../../src-shared/contract'
import { firstIssue } from '../providers/http/tolerant-array'
import type { RemoteProject } from '../providers/provider'
import { fieldTop, PROJECT_FIELDS } from '../../src-shared/project-fields'

/** A declared field's name in a project's detail ('serials' for 'serials.panels'). */
type FieldTop = Extract<
  (typeof PROJECT_FIELDS)[number]['key'] extends infer K ? (K extends `${infer T}.${string}` ? T : K) : never,
  keyof typeof ProjectDetail.shape
>
// What a vendor sends as text (a choice too: it may send anything) is cleaned as SQLite will store it.
const TEXT_FIELDS = PROJECT_FIELDS.filter((f) => f.value.kind === 'text' || f.value.kind === 'choice')

export type CheckedProject = { ok: true; project: RemoteProject } | { ok: false; reason: string }

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/
/** An offset without its colon (+0530), as some servers write it. */
const BARE_OFFSET = /([+-]\d{2})(\d{2})$/
/** The contract's date-time (ISO 8601 with a zone): what the windows are sent. */
const CONTRACT_TIME = ProjectDetail.shape.modifiedAt.unwrap()
/** What the windows read of a project, as the contract checks it: every declared field and the record's own. */
const SHOWN = ProjectDetail.pick({
  // Usage is held as its canonical text here, the contract's object only once read back.
  ...(Object.fromEntries(
    PROJECT_FIELDS.filter((f) => f.value.kind !== 'usage').map((f) => [fieldTop(f.key), true]),
  ) as Record<Exclude<FieldTop, 'usage'>, true>),
  systemSummary: true,
  createdAt: true,
  modifiedAt: true,
})

/**
 * A vendor time as the cache keeps it: ISO with a zone (a zone-less one is the vendors' UTC, a bare
 * offset gets its colon), a real day and hour (not 30 February, not 24:00), else a problem.
 */
function checkTime(value: string | null, name: string): { value: string | null } | { reason: string } {
  if (value === null || value === '') return { value: null }
  const zoned = ISO_WITHOUT_ZONE.test(value) ? `${value}Z` : value.replace(BARE_OFFSET, '$1:$2')
  if (!CONTRACT_TIME.safeParse(zoned).success || Number.isNaN(Date.parse(zoned)))
    return { reason: `${name} "${clip(value)}" is not a date and time` }
  return { value: zoned }
}

function checkCoordinate(value: number | null, name: string, limit: number): string | null {
  if (value === null) return null
  return Number.isFinite(value) && Math.abs(value) <= limit ? null : `${name} ${clip(String(value))} is off the map`
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Text as SQLite will hold it, so the cache and what sync compares it with agree: a lone surrogate is
 * stored as U+FFFD (so it becomes one here), and NUL is dropped (it cuts FTS input short).
 */
function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '')
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text)

export function checkRemoteProject(remote: RemoteProject): CheckedProject {
  const problems = [checkCoordinate(remote.lat, 'latitude', 90), checkCoordinate(remote.lng, 'longitude', 180)]
  const created = checkTime(remote.createdAt, 'created')
  const modified = checkTime(remote.modifiedAt, 'modified')
  for (const time of [created, modified]) if ('reason' in time) problems.push(time.reason)
  const reason = problems.filter(Boolean).join('; ')
  if (reason || 'reason' in created || 'reason' in modified) return { ok: false, reason }
  const text = <T extends string | null>(value: T): T => (value === null ? value : (cleanText(value) as T))
  const project = {
    ...remote,
    serials: { ...remote.serials },
    systemSummary: text(remote.systemSummary),
    createdAt: created.value,
    modifiedAt: modified.value,
  }
  // Every declared text field, nested ones ('serials.panels') too.
  for (const { key } of TEXT_FIELDS) {
    const [top, nested] = key.split('.') as [string, string | undefined]
    const holder = (nested === undefined ? project : project[top as 'serials']) as Record<string, string | null>
    const name = nested ?? top
    if (typeof holder[name] === 'string' || holder[name] === null) holder[name] = text(holder[name])
  }
  const shown = SHOWN.safeParse(project)
  if (!shown.success) return { ok: false, reason: firstIssue(shown.error) }
  return { ok: true, project }
}
