// OpenSolar answers (opensolar-projects.txt, opensolar-private-files.txt). Loose objects: OpenSolar adds
// fields, and the cache keeps what it does not understand in remote_json.
import { z } from 'zod'
import { Attachment } from '../../../src-shared/contract'

const text = z.string().nullish()

export const OsContact = z.looseObject({
  id: z.number(),
  first_name: text,
  family_name: text,
  display: text,
  email: text,
  phone: text,
  url: text,
})

export const OsWorkflow = z.looseObject({
  id: z.number(),
  title: text,
  workflow_stages: z.array(z.looseObject({ id: z.number(), title: z.string() })).optional(),
})

/**
 * A project answer. Every key but `id` may be missing: the create (201) and PATCH answers in
 * opensolar-projects.txt carry about nine keys (no title, no modified_date); only the full project
 * (GET, or a list with fieldset=studio) has all that the cache keeps (see isFullProject).
 */
export const OsProject = z.looseObject({
  id: z.number(),
  url: text,
  identifier: text,
  title: text,
  address: text,
  locality: text,
  state: text,
  zip: text,
  country_iso2: text,
  lat: z.number().nullish(),
  lon: z.number().nullish(),
  notes: text,
  site_notes: text,
  serial_numbers_panels: text,
  serial_numbers_inverters: text,
  serial_numbers_batteries: text,
  contacts_data: z.array(OsContact).nullish(),
  workflow: z
    .looseObject({
      id: z.number().nullish(),
      workflow_id: z.number().nullish(),
      active_stage_id: z.number().nullish(),
    })
    .nullish(),
  workflows: z.array(OsWorkflow).nullish(),
  systems: z.array(z.unknown()).nullish(),
  created_date: text,
  modified_date: text,
  // `design` may be absent or null (API Access plans); never needed here.
})
export type OsProject = z.infer<typeof OsProject>

/** Keys the cache reads from a project: an answer without one of them is re-read before it is used. */
const MAPPED_KEYS = [
  'identifier',
  'title',
  'address',
  'locality',
  'state',
  'zip',
  'country_iso2',
  'lat',
  'lon',
  'notes',
  'site_notes',
  'serial_numbers_panels',
  'serial_numbers_inverters',
  'serial_numbers_batteries',
  'contacts_data',
  'workflow',
  'modified_date',
] as const

export const isFullProject = (p: OsProject): boolean => MAPPED_KEYS.every((key) => key in p)

/** A file tag as `file_tags_data` embeds it (opensolar-private-files.txt); `file_tags` holds its url. */
export const OsFileTag = z.looseObject({
  id: z.number(),
  title: z.string().min(1).max(100),
  url: z.string().optional(),
})
export type OsFileTag = z.infer<typeof OsFileTag>

/** A private file. What the files list shows is the contract's: a file that passes here can be listed. */
export const OsFile = z.looseObject({
  id: z.number().int(),
  url: z.string(),
  project: text,
  title: Attachment.shape.title,
  file_contents: text,
  filesize: Attachment.shape.size.nullish(),
  file_hash: text,
  file_tags_data: z.array(OsFileTag).nullish(),
  status: text,
  upload_id: text,
  parts: z
    .array(
      z.looseObject({ part_number: z.number(), size: z.number(), uploaded: z.boolean().optional(), upload_url: text }),
    )
    .nullish(),
  completed_on: text,
  created_date: text,
  modified_date: text,
})
export type OsFile = z.infer<typeof OsFile>

export const OsPartReceipt = z.looseObject({ part_number: z.number(), etag: z.string() })

/** usage_data_source → its values: the contract's schema, so the editor and the client check alike. */
export { Usage as OsUsage } from '../../../src-shared/contract'
