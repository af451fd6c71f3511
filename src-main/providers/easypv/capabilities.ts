// What Easy PV takes from Solar Field and what it sends: the edit path, the detail pane and the
// client read it (offline, without building a client).
import { EASYPV_STATUSES } from '../../../src-shared/contract/constants'
import { declareCapabilities } from '../provider'

export const EASYPV_CAPABILITIES = declareCapabilities({
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
})
