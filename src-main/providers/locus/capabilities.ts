// What Locus Energy takes from Solar Field and what it sends: the edit path, the detail pane and the
// client read it (offline, without building a client).
import { declareCapabilities } from '../provider'

export const LOCUS_CAPABILITIES = declareCapabilities({
  create: false,
  update: false,
  delete: false,
  files: false,
  fileTags: false,
  monitoring: true,
  fields: [],
  stages: null,
  unreported: [],
})
