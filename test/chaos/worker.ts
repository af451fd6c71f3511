// One life of the sync process, for the crash harness: the real services on the trial's data dir,
// draining the outbox against the simulators until nothing is left to send. It may be SIGKILLed at any
// instant, including between a vendor's answer and the local commit. chaos.ts runs it prebuilt
// (esbuild, out/chaos/worker.mjs): a life then starts in ~0.3 s instead of ~1 s under tsx.
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { composeServices } from '../../src-main/composition'
import { createLogger } from '../../src-main/logging/logger'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    sandbox: { type: 'string' },
    // A full sync (push, then pull) every Nth pass; the others only deliver the queue, as after an edit.
    'pull-every': { type: 'string', default: '4' },
    // The setup life: fill the cache from the vendors before any change is queued.
    'pull-first': { type: 'boolean', default: false },
  },
})
const log = createLogger(() => undefined)
const services = await composeServices({
  dataDir: values['data-dir']!,
  log,
  shell: 'browser-host',
  version: 'chaos',
  demo: true,
  sandboxOrigin: values.sandbox!,
  // Time compressed: retries after milliseconds instead of seconds, so a trial's many failures fit in minutes.
  syncTuning: {
    backoff: { baseMs: 20, maxMs: 300 },
    http: { minBackoffMs: 5, maxBackoffMs: 50, timeoutMs: 5_000 },
    dailyLimits: { opensolar: 1_000_000_000 },
  },
})
const status = async () =>
  (await services.dispatcher.dispatch('sync.getStatus', {})) as {
    ok: true
    value: { totals: { queued: number; failed: number; conflicts: number } }
  }
if (values['pull-first']) await services.sync.syncAll()
console.log('ready')
const pullEvery = Number(values['pull-every'])
// Passes in a row that moved nothing: ops left only behind a conflict or a parked op never go by themselves.
let idle = 0
for (let pass = 1; ; pass++) {
  const started = Date.now()
  const results = await services.sync.syncAll({ pull: pass % pullEvery === 0 })
  if (process.env['CHAOS_TRACE'])
    console.log(
      `pass ${pass} ${Date.now() - started}ms ${results.map((r) => `${r.accountId}:${JSON.stringify(r.push)}${r.error ?? ''}`).join(' ')}`,
    )
  const { totals } = (await status()).value
  const moved = results.some((r) => r.push && r.push.sent + r.push.deferred + r.push.parked + r.push.conflicts > 0)
  idle = moved ? 0 : idle + 1
  // Retries come due within the harness's 300 ms backoff cap: 40 idle passes (over a second) means stuck.
  if (totals.queued === 0 || idle >= 40) {
    console.log(JSON.stringify({ done: true, stuck: totals.queued > 0, ...totals }))
    await services.close()
    process.exit(0)
  }
  await sleep(25) // let deferred ops come due
}
