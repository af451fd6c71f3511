// How long each call may take before the window is answered "timeout". Every call answers: a handler
// waiting on a vendor that never replies, a disk that stalls or a bug that never settles would otherwise
// leave the window waiting for ever (a spinner, a button that never comes back). Most calls read the
// local database and answer in milliseconds; those that talk to a vendor or move a large file get what
// their work can take (a vendor request is bounded at three minutes with its retries).
import type { Method } from '../../src-shared/contract'

export interface Deadline {
  ms: number
  /** What the window is told when it passes, when more can be said than "it took too long". */
  said?: string
}

const SECOND = 1000
const MINUTE = 60 * SECOND

export const DEFAULT_DEADLINE: Deadline = { ms: 15 * SECOND }

export const DEADLINES: Partial<Record<Method, Deadline>> = {
  'accounts.test': {
    ms: MINUTE,
    said: 'The vendor did not answer the test within a minute. Check the address and the connection, then try again.',
  },
  'accounts.save': { ms: 30 * SECOND },
  'network.check': { ms: 30 * SECOND },
  'accounts.signIn': { ms: 30 * SECOND },
  'accounts.remove': { ms: MINUTE },
  'app.startDemo': { ms: 2 * MINUTE },
  'attachments.finish': { ms: 2 * MINUTE },
  'attachments.fetch': {
    ms: 10 * MINUTE,
    said: 'The download took more than ten minutes and was stopped. Try again on a better connection.',
  },
  'attachments.open': { ms: MINUTE },
  'monitoring.series': {
    ms: 3 * MINUTE,
    said: 'Locus Energy took too long to send these readings. What is on this computer is shown; try again later for the rest.',
  },
  'maps.read': { ms: MINUTE },
  'maps.importFinish': { ms: 5 * MINUTE },
  'maps.keepNow': { ms: 30 * MINUTE },
  'maps.remove': { ms: MINUTE },
  'sync.now': { ms: 20 * MINUTE, said: 'Sync is still running: the status bar shows how far it has got.' },
}

export const deadlineOf = (method: Method): Deadline => DEADLINES[method] ?? DEFAULT_DEADLINE
