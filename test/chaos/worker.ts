// One life of the sync process, for the crash harness: the real services on the trial's data dir,
// draining the outbox against the simulators until nothing is left to send. It may be SIGKILLed at any
// instant, including between a vendor's answer and the local commit.
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { composeServices } from '../../src-main/composition'
import { createLogger } from '../../src-main/logging/logger'

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, sandbox: { type: 'string' } } })
const log = createLogger(() => undefined)
const services = await composeServices({
  dataDir: values['data-dir']!,
  log,
  shell: 'browser-host',
  version: 'chaos',
  demo: true,
  sandboxOrigin: values.sandbox!,
  syncTuning: { backoff: { baseMs: 20, maxMs: 300 }, dailyLimits: { opensolar: 1_000_000_000 } },
})
const status = async () =>
  (await services.dispatcher.dispatch('sync.getStatus', {})) as {
    ok: true
    value: { totals: { queued: number; failed: number; conflicts: number } }
  }
console.log('ready')
for (;;) {
  await services.sync.syncAll()
  const { totals } = (await status()).value
  if (totals.queued === 0) {
    console.log(JSON.stringify({ done: true, ...totals }))
    await services.close()
    process.exit(0)
  }
  await sleep(25) // let deferred ops come due
}
