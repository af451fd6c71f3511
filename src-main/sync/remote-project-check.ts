// A vendor's project is checked before it enters the cache: the cache must only hold what the windows
// can show (the contract checks every answer, so one `lat: 1000` or `modified_date: "yesterday"` stored
// would make the project list fail for good). A record that fails is left out and reported, not fixed.
import type { RemoteProject } from '../providers/provider'

export type CheckedProject = { ok: true; project: RemoteProject } | { ok: false; reason: string }

// ISO 8601 date-time, as the contract takes it (z.iso.datetime with an offset), or without a zone.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** A vendor time as the cache keeps it: ISO with a zone (a zone-less one is the vendors' UTC), else a problem. */
function checkTime(value: string | null, name: string): { value: string | null } | { reason: string } {
  if (value === null || value === '') return { value: null }
  const zoned = ISO_WITH_ZONE.test(value) ? value : ISO_WITHOUT_ZONE.test(value) ? `${value}Z` : null
  if (zoned === null || Number.isNaN(Date.parse(zoned)))
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
  return {
    ok: true,
    project: {
      ...remote,
      title: text(remote.title),
      address: text(remote.address),
      locality: text(remote.locality),
      region: text(remote.region),
      postcode: text(remote.postcode),
      country: text(remote.country),
      stage: text(remote.stage),
      customerName: text(remote.customerName),
      customerEmail: text(remote.customerEmail),
      customerPhone: text(remote.customerPhone),
      notes: text(remote.notes),
      siteNotes: text(remote.siteNotes),
      buildDate: text(remote.buildDate),
      mailingAddress: text(remote.mailingAddress),
      serials: {
        panels: text(remote.serials.panels),
        inverters: text(remote.serials.inverters),
        batteries: text(remote.serials.batteries),
      },
      systemSummary: text(remote.systemSummary),
      createdAt: created.value,
      modifiedAt: modified.value,
    },
  }
}
