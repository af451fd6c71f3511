// Projects: as listed, as opened, as changed, as pinned on the map.
import { z } from 'zod'
import { Id, IsoDateTime, type Methods, NoInput, page, Vendor } from './common'
import { ProjectChanges } from './project-changes'
import { Usage } from './usage'

export { ProjectChanges, type ProjectChangesInput } from './project-changes'
export { Usage, usageText } from './usage'

export const ProjectSummary = z.object({
  id: Id,
  vendor: Vendor,
  accountId: Id,
  title: z.string(),
  address: z.string(),
  locality: z.string(),
  stage: z.string().nullable(),
  customerName: z.string().nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lng: z.number().min(-180).max(180).nullable(),
  modifiedAt: IsoDateTime.nullable(),
  /** Changes made here that the vendor has not acknowledged yet. */
  pending: z.number().int().nonnegative(),
  /** The project's pin on the map (`projects.locations` names pins by this number, not by id). */
  pin: z.number().int().nonnegative(),
})
export type ProjectSummary = z.infer<typeof ProjectSummary>

export const ProjectDetail = ProjectSummary.extend({
  remoteId: z.string().nullable(),
  accountLabel: z.string(),
  region: z.string(),
  postcode: z.string(),
  country: z.string(),
  customerEmail: z.string().nullable(),
  customerPhone: z.string().nullable(),
  notes: z.string(),
  siteNotes: z.string(),
  serials: z.object({ panels: z.string(), inverters: z.string(), batteries: z.string() }),
  systemSummary: z.string().nullable(),
  createdAt: IsoDateTime.nullable(),
  /** Fields this project's vendor takes from Solar Field (others are shown read-only). */
  editableFields: z.array(z.string()),
  /** Stages this project can be moved to, known offline. */
  stageOptions: z.array(z.string()),
  /** The vendor takes deletes from Solar Field. */
  canDelete: z.boolean(),
  usage: Usage.nullable(),
  buildDate: z.string().nullable(),
  mailingAddress: z.string().nullable(),
  /** The values a field may take, where the vendor fixes them (Easy PV's design modes…). */
  choices: z.record(z.string(), z.array(z.string())),
})
export type ProjectDetail = z.infer<typeof ProjectDetail>

/**
 * Map pins, a chunk at a time, as columns: at 100,000 projects, objects with ids and titles were one 13 MB
 * answer. Entry i of each column is one pin; `vendor` is an index into `Vendor.options`, `pending` is 0 or 1.
 */
export const ProjectPins = z.object({
  pin: z.array(z.number().int().nonnegative()),
  lat: z.array(z.number().min(-90).max(90)),
  lng: z.array(z.number().min(-180).max(180)),
  vendor: z.array(
    z
      .number()
      .int()
      .min(0)
      .max(Vendor.options.length - 1),
  ),
  pending: z.array(z.union([z.literal(0), z.literal(1)])),
  /** A monitored site with an alert still open (badged on the map). */
  alert: z.array(z.union([z.literal(0), z.literal(1)])),
})
export type ProjectPins = z.infer<typeof ProjectPins>

export const ProjectSortField = z.enum(['title', 'locality', 'stage', 'modifiedAt'])

/** The workspace's filters: every list, search and map query takes them. */
export const ProjectFilter = z.object({
  vendor: Vendor.optional(),
  accountId: Id.optional(),
  stage: z.string().max(100).optional(),
  /** Only projects with changes not yet sent. */
  pending: z.boolean().optional(),
  /** Only projects with a conflict to resolve. */
  conflicts: z.boolean().optional(),
})
export type ProjectFilter = z.infer<typeof ProjectFilter>
export type ProjectSortField = z.infer<typeof ProjectSortField>

export const projectMethods = {
  'projects.list': {
    input: z
      .object({
        offset: z.number().int().min(0).max(10_000_000).default(0),
        /** The `next` of the page before: read from there on (`offset` is then where that is, for the answer). */
        after: z.string().max(2000).optional(),
        limit: z.number().int().min(1).max(500),
        sort: ProjectSortField.default('title'),
        direction: z.enum(['asc', 'desc']).default('asc'),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: page(ProjectSummary),
  },
  /** Where a project sits in the list as sorted and filtered (a pin chosen on the map scrolls the list there). */
  'projects.position': {
    input: z
      .object({
        id: Id,
        sort: ProjectSortField.default('title'),
        direction: z.enum(['asc', 'desc']).default('asc'),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({ index: z.number().int().nonnegative().nullable() }),
  },
  /** What the filters offer: the stages projects here are in. */
  'projects.facets': {
    input: NoInput,
    output: z.object({ stages: z.array(z.string()) }),
  },
  'projects.search': {
    input: z
      .object({
        text: z.string().trim().min(1, 'Type something to search for').max(200),
        limit: z.number().int().min(1).max(500).default(200),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({
      items: z.array(ProjectSummary),
      total: z.number().int().nonnegative(),
      /** False when the words match too many projects to rank them all: these are some, unranked. */
      complete: z.boolean(),
    }),
  },
  /** The map's pins, a chunk at a time (pass `next` as `after` until it is null). */
  'projects.locations': {
    input: z
      .object({
        after: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(50_000).default(20_000),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({ pins: ProjectPins, next: z.number().int().nonnegative().nullable() }),
  },
  /** The project a pin is for (clicked on the map). */
  'projects.atPin': {
    input: z.object({ pin: z.number().int().nonnegative() }).strict(),
    output: z.object({ id: Id }),
  },
  'projects.get': {
    input: z.object({ id: Id }).strict(),
    output: ProjectDetail,
  },
  /** Changes a project here and queues the change for its vendor, in one step. */
  'projects.update': {
    input: z.object({ id: Id, changes: ProjectChanges }).strict(),
    output: z.object({ pending: z.number().int().nonnegative() }),
  },
  /** Creates a project here and queues it for the account's vendor (only the fields that vendor takes at creation). */
  'projects.create': {
    input: z
      .object({
        accountId: Id,
        fields: ProjectChanges.refine(
          (f) => Boolean(f.title || f.address),
          'A new project needs a title or an address',
        ),
      })
      .strict(),
    output: z.object({ id: Id }),
  },
  /** Deletes a project here and queues the delete; `undoId` is the queued delete (outbox.discard undoes it). */
  'projects.delete': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ undoId: z.number().int().nullable() }),
  },
} as const satisfies Methods
