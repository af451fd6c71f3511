// What Aurora takes from Solar Field and what it sends: the edit path, the detail pane and the
// client read it (offline, without building a client).
import { AURORA_PROJECT_TYPES } from '../../../src-shared/contract/constants'
import { declareCapabilities } from '../provider'

export const AURORA_CAPABILITIES = declareCapabilities({
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
})
