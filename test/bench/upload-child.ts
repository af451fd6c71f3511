// One file added through the attachments contract in a process of its own (so its memory is its own):
// pieces read from disk and sent as the window sends them (bytes, four in flight), then finished.
// Prints {ms, rssMb}: the time from begin to finish, and the most resident memory grew meanwhile.
import fs from 'node:fs'
import { composeServices } from '../../src-main/composition'
import { createLogger } from '../../src-main/logging/logger'

const [file, dataDir, projectId] = process.argv.slice(2) as [string, string, string]
const PIECE = 524_288
const IN_FLIGHT = 4

const services = await composeServices({
  dataDir,
  log: createLogger(() => undefined),
  shell: 'browser-host',
  version: 'bench',
  demo: false,
})
const call = async <T>(method: string, input: unknown): Promise<T> => {
  const answer = (await services.dispatcher.dispatch(method, input)) as { ok: boolean; value?: T; error?: unknown }
  if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`)
  return answer.value as T
}

async function add(path: string, title: string): Promise<number> {
  const size = fs.statSync(path).size
  const start = performance.now()
  const { uploadId } = await call<{ uploadId: string }>('attachments.begin', {
    projectId,
    title,
    size,
    mime: 'application/pdf',
  })
  const sending = new Set<Promise<unknown>>()
  let offset = 0
  for await (const chunk of fs.createReadStream(path, { highWaterMark: PIECE })) {
    const sent = call('attachments.write', { uploadId, offset, bytes: chunk as Buffer })
    offset += (chunk as Buffer).length
    sending.add(sent)
    void sent.finally(() => sending.delete(sent))
    if (sending.size >= IN_FLIGHT) await Promise.race(sending)
  }
  await Promise.all(sending)
  const { id } = await call<{ id: string }>('attachments.finish', { uploadId })
  const ms = performance.now() - start
  // The same bytes may be added again next round (a file is attached to a project once).
  await call('attachments.remove', { id })
  return ms
}

// Warm the code paths with a small file, then measure.
const warm = `${file}.warm`
fs.writeFileSync(warm, Buffer.alloc(PIECE * 2, 7))
await add(warm, 'warm.pdf')
fs.rmSync(warm)
global.gc?.()
const base = process.memoryUsage().rss
let peak = base
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
const ms = await add(file, `bench-${Date.now()}.pdf`)
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
await services.close()
console.log(JSON.stringify({ ms, rssMb: (peak - base) / 1_048_576 }))
