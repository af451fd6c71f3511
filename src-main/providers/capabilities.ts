// What each vendor supports, in one table: the clients declare it, and the edit path and the detail pane
// read it (offline, without building a client).
import { AURORA_PROJECT_TYPES, EASYPV_STATUSES, type Vendor } from '../../src-shared/contract'
import { ALL_FIELDS, type ProjectField, type ProviderCapabilities } from './provider'

type Declared = Omit<ProviderCapabilities, 'createFields'> & { createFields?: readonly ProjectField[] }

/** Create takes what update takes unless the vendor says otherwise. */
const declare = (table: Record<Vendor, Declared>): Record<Vendor, ProviderCapabilities> =>
  Object.fromEntries(
    Object.entries(table).map(([vendor, c]) => [vendor, { ...c, createFields: c.createFields ?? c.fields }]),
  ) as Record<Vendor, ProviderCapabilities>

export const CAPABILITIES: Record<Vendor, ProviderCapabilities> = declare({
  opensolar: {
    create: true,
    update: true,
    delete: true,
    files: true,
    // Tag names come from the org's own list (read at pull), not from here.
    fileTags: true,
    monitoring: false,
    // Customer details live on the contact, not the project: set at create (contacts_new) only.
    fields: ALL_FIELDS.filter((f) => !f.startsWith('customer') && f !== 'buildDate' && f !== 'mailingAddress'),
    // A new project's customer goes as contacts_new (opensolar-projects.txt, "Creating a Project").
    createFields: ALL_FIELDS.filter((f) => f !== 'buildDate' && f !== 'mailingAddress'),
    stages: null,
    unreported: [],
  },
  easypv: {
    create: true,
    update: true,
    delete: true,
    files: false,
    fileTags: false,
    monitoring: false,
    fields: [
      'title',
      'address',
      'postcode',
      'lat',
      'lng',
      'stage',
      'customerName',
      'customerEmail',
      'customerPhone',
      'buildDate',
    ],
    // easypv-projects.txt: meta.status
    stages: [...EASYPV_STATUSES],
    // Its list (there is no single-project read) has no customer email or phone (easypv-projects.txt).
    unreported: ['customerEmail', 'customerPhone', 'buildDate'],
  },
  aurora: {
    create: true,
    update: true,
    delete: false,
    files: false,
    fileTags: false,
    monitoring: false,
    fields: [
      'title',
      'address',
      'locality',
      'region',
      'postcode',
      'lat',
      'lng',
      'stage',
      'customerName',
      'customerEmail',
      'customerPhone',
      'mailingAddress',
    ],
    // project_type, shown as the stage
    stages: [...AURORA_PROJECT_TYPES],
    unreported: [],
  },
  locus: {
    create: false,
    update: false,
    delete: false,
    files: false,
    fileTags: false,
    monitoring: true,
    fields: [],
    stages: null,
    unreported: [],
  },
})
