// Every call a window makes is answered — with its value, or an error in words — whatever it is sent and
// whatever the vendors do: typed garbage from each method's own schema (ids of real records mixed in,
// so the handlers run), malformed frames, and accounts and street sources that point at a server that
// takes connections and never answers. A call left unanswered fails the run, naming its method and input.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { contract, ErrorCode, type Method } from '../../../src-shared/contract'
import { composeServices, type Services } from '../../../src-main/composition'
import { type DevHost, startDevHost } from '../../../src-main/host/dev-host'
import { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_SUBPROTOCOL } from '../../../src-main/host/ws-protocol'
import { InstallKeyCipher } from '../../../src-main/secrets/install-key-cipher'
import { recordingLogger } from '../../helpers/logger'
import { DEMO_CREDENTIALS, openSolarAccount, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'
import { garbageFor, type GarbageSources, seeded } from '../../helpers/typed-garbage'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()
const DEADLINE_MS = 1_500
/** A call not answered by then was left unanswered. */
const GIVE_UP_MS = DEADLINE_MS + 5_000
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 8)
const SEED = Number(process.env.FUZZ_SEED ?? 1207)

const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** A server that takes connections and never says a word. */
async function silentServer(): Promise<string> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => sockets.add(socket.on('close', () => sockets.delete(socket))))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closing.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
}

/** A call as the window's transport frames it: JSON, or a binary frame when the input carries bytes. */
function frame(id: number, method: string, input: unknown): string | Buffer {
  const bytes =
    input && typeof input === 'object'
      ? Object.entries(input).find((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array)
      : undefined
  if (!bytes) return JSON.stringify({ id, method, input })
  const header = Buffer.from(
    JSON.stringify({ id, method, input: { ...(input as object), [bytes[0]]: undefined }, bytesField: bytes[0] }),
  )
  const length = Buffer.alloc(4)
  length.writeUInt32BE(header.length)
  return Buffer.concat([length, header, bytes[1]])
}

interface Client {
  send(raw: string | Buffer, id: number | null): Promise<unknown>
  call(method: string, input: unknown): Promise<unknown>
}

async function connect(host: DevHost): Promise<Client> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${host.port}${WS_PATH}`,
    [WS_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${host.token}`],
    {
      headers: { Origin: host.origin },
    },
  )
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  closing.push(async () => ws.terminate())
  const waiting = new Map<number | null, ((result: unknown) => void)[]>()
  ws.on('message', (data: Buffer) => {
    const answer = JSON.parse(data.toString()) as { id?: number | null; result?: unknown; event?: string }
    if (answer.event) return
    const queue = waiting.get(answer.id ?? null)
    queue?.shift()?.(answer.result)
  })
  let nextId = 1
  const send = (raw: string | Buffer, id: number | null) =>
    new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => resolve(UNANSWERED), GIVE_UP_MS)
      const queue = waiting.get(id) ?? []
      queue.push((result) => (clearTimeout(timer), resolve(result)))
      waiting.set(id, queue)
      ws.send(raw)
    })
  return { send, call: (method, input) => send(frame(nextId, method, input), nextId++) }
}

const UNANSWERED = Symbol('unanswered')

/**
 * The services behind the host, with an OpenSolar and a Locus account pulled from the simulators. A
 * vendor request gives up after `requestMs` (short, so the fuzz run does not wait on the silent server).
 */
async function start(requestMs = 1_000): Promise<{ services: Services; client: Client; silent: string }> {
  const s = await sandboxes({ projects: 8, sites: 2 })
  const silent = await silentServer()
  const dataDir = tempDir()
  fs.mkdirSync(path.join(dataDir, 'renderer'))
  fs.writeFileSync(path.join(dataDir, 'renderer', 'index.html'), '<!doctype html><title>t</title>')
  const log = recordingLogger()
  const services = await composeServices({
    dataDir,
    log,
    shell: 'browser-host',
    version: 't',
    demo: false,
    cipher: new InstallKeyCipher(path.join(tempDir(), 'install.key')),
    callDeadlineMs: DEADLINE_MS,
    syncTuning: { http: { timeoutMs: requestMs, retries: 0 } },
  })
  const host = await startDevHost({ services, rendererDir: path.join(dataDir, 'renderer'), log })
  closing.push(async () => {
    await host.close()
    await services.close()
  })
  const client = await connect(host)
  const save = (account: unknown) => client.call('accounts.save', { account })
  await save(openSolarAccount(s))
  const { clientId, clientSecret, username, password } = DEMO_CREDENTIALS.locus
  await save({
    vendor: 'locus',
    label: 'L',
    baseUrl: s.baseUrls.locus,
    settings: { partnerId: 1, clientId, username },
    secrets: { clientSecret, password },
  })
  await client.call('sync.now', {})
  return { services, client, silent }
}

/** What the data folder holds that a call can name: projects, files, accounts, uploads, components… */
async function sourcesOf(client: Client, silent: string): Promise<GarbageSources> {
  const value = async <T>(method: Method, input: unknown) => ((await client.call(method, input)) as { value: T }).value
  const projects = (await value<{ items: { id: string; pin: number }[] }>('projects.list', { limit: 50 })).items
  const accounts = (await value<{ items: { id: string }[] }>('accounts.list', {})).items
  const upload = await value<{ uploadId: string }>('attachments.begin', {
    projectId: projects[0]!.id,
    title: 'a.jpg',
    size: 3,
  })
  await client.call('attachments.write', { uploadId: upload.uploadId, offset: 0, bytes: new Uint8Array([1, 2, 3]) })
  const file = await value<{ id: string }>('attachments.finish', { uploadId: upload.uploadId })
  const open = await value<{ uploadId: string }>('attachments.begin', {
    projectId: projects[1]!.id,
    title: 'b.pdf',
    size: 2048,
  })
  const sites = projects.filter((p) => p.id)
  const components: number[] = []
  for (const site of sites) {
    const answer = (await client.call('monitoring.site', { projectId: site.id })) as {
      ok: boolean
      value?: { components: { id: number }[] }
    }
    if (answer.ok) components.push(...answer.value!.components.map((c) => c.id))
  }
  const areas = (await value<{ areas: { id: string }[] }>('maps.areas', {})).areas
  return {
    strings: [
      ...projects.map((p) => p.id),
      ...accounts.map((a) => a.id),
      file.id,
      open.uploadId,
      ...areas.map((a) => a.id),
      silent,
      `${silent}/streets.pmtiles`,
      'W_avg',
      'Wh_sum',
    ],
    numbers: [...projects.map((p) => p.pin), ...components, 1, 2, 3, Date.UTC(2026, 5, 1)],
  }
}

const isEnvelope = (answer: unknown): boolean => {
  if (!answer || typeof answer !== 'object') return false
  const { ok, error } = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } }
  if (ok === true) return 'value' in answer
  return ok === false && ErrorCode.safeParse(error?.code).success && typeof error?.message === 'string'
}

describe('every call answers', () => {
  it(
    'typed garbage to every method, and calls that would wait on a silent vendor, all answer in time',
    async () => {
      const { client, silent } = await start()
      const sources = await sourcesOf(client, silent)
      const random = seeded(SEED)
      const methods = Object.keys(contract) as Method[]
      // Accounts and a street source on the silent server: tests, syncs and reads that would wait for ever.
      await client.call('accounts.test', {
        account: {
          vendor: 'easypv',
          label: 'x',
          baseUrl: silent,
          settings: { userEmail: 'a@b.co' },
          secrets: { apiKey: 'k' },
        },
      })
      await client.call('preferences.set', { mapSource: `${silent}/streets.pmtiles` })
      const unanswered: string[] = []
      const malformed: string[] = []
      const internal: string[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const batch = methods.map((method) => ({ method, input: garbageFor(contract[method].input, random, sources) }))
        // Four at a time, as a window with several panes open would call.
        for (let at = 0; at < batch.length; at += 4)
          await Promise.all(
            batch.slice(at, at + 4).map(async ({ method, input }) => {
              const answer = await client.call(method, input)
              const said = `${method} ${JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))?.slice(0, 160)}`
              if (answer === UNANSWERED) unanswered.push(said)
              else if (!isEnvelope(answer)) malformed.push(said)
              else if ((answer as { error?: { code: string } }).error?.code === 'internal') internal.push(said)
            }),
          )
      }
      expect(unanswered, `seed ${SEED}`).toEqual([])
      expect(malformed, `seed ${SEED}`).toEqual([])
      expect(internal, `seed ${SEED}`).toEqual([])
    },
    60_000 + ROUNDS * 5_000,
  )

  it('answers a frame it cannot read, with its id when it has one', async () => {
    const { client } = await start()
    const refused = { ok: false, error: { code: 'invalid_input', message: 'Malformed request frame' } }
    expect(await client.send('not json', null)).toEqual(refused)
    expect(await client.send(JSON.stringify({ id: 41, method: 'app.info' + 'x'.repeat(200), input: {} }), 41)).toEqual(
      refused,
    )
    expect(await client.send(JSON.stringify({ id: 42.5, method: 'app.info' }), null)).toEqual(refused)
    expect(await client.send(Buffer.from([0, 0]), null)).toEqual(refused)
    // A header said to be longer than the frame: refused, with the id it does hold.
    const cut = Buffer.concat([Buffer.from([0, 0, 0, 200]), Buffer.from('{"id":43}')])
    expect(await client.send(cut, 43)).toEqual(refused)
    expect(await client.call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
  })

  it('answers "timeout" for a call that passes its deadline, and says what to do', async () => {
    // The vendor's own timeout is longer than the call's deadline: the deadline answers first.
    const { client, silent } = await start(60_000)
    const started = Date.now()
    const answer = await client.call('accounts.test', {
      account: {
        vendor: 'aurora',
        label: 'x',
        baseUrl: silent,
        settings: { tenantId: 't' },
        secrets: { token: 'tok' },
      },
    })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: expect.stringMatching(/try again/i) },
    })
    expect(Date.now() - started).toBeLessThan(GIVE_UP_MS)
  })
})
