// What OpenSolar takes from Solar Field and what it sends: the edit path, the detail pane and the
// client read it (offline, without building a client).
import { ALL_FIELDS, declareCapabilities } from '../provider'

export const OPENSOLAR_CAPABILITIES = declareCapabilities({
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
})
