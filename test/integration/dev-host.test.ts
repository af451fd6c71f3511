import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { call, connect, type RunningHost, startTestHost } from '../helpers/host'
import { recordingLogger } from '../helpers/logger'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
let running: RunningHost | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

const start = async (demo = true) => {
  const log = recordingLogger()
  running = await startTestHost({ dataDir: tempDir(), log, demo })
  return { ...running, log }
}

const open = async (devHost: RunningHost['host']) => {
  const result = await connect(devHost)
  if (!('ws' in result)) throw new Error(`refused with ${result.status}`)
  return result.ws
}

/** A call whose input carries bytes, framed as the window's bridge frames it (header length, header, bytes). */
function binaryCall(ws: WebSocket, id: number, method: string, input: object, bytes: Uint8Array) {
  const header = Buffer.from(JSON.stringify({ id, method, input, bytesField: 'bytes' }))
  const length = Buffer.alloc(4)
  length.writeUInt32BE(header.length)
  return new Promise<{ ok: boolean }>((resolve) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { id: number; result: { ok: boolean } }
      if (frame.id !== id) return
      ws.off('message', onMessage)
      resolve(frame.result)
    }
    ws.on('message', onMessage)
    ws.send(Buffer.concat([length, header, bytes]))
  })
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
  })
}

describe('dev host: who may connect', () => {
  it('listens on loopback only', async () => {
    const { host } = await start()
    expect(new URL(host.url).hostname).toBe('127.0.0.1')
    expect(host.token).toMatch(/^[0-9a-f]{64}$/)
    // The token travels in the fragment, which browsers never send to a server.
    expect(new URL(host.url).hash).toBe(`#token=${host.token}`)
  })

  it('gives each run its own token', async () => {
    const first = await start()
    const token = first.host.token
    await first.close()
    running = undefined
    const second = await start()
    expect(second.host.token).not.toBe(token)
  })

  it.each([
    ['no token', { token: null }, 401],
    ['a wrong token', { token: 'f'.repeat(64) }, 401],
    ['a token of the wrong length', { token: 'abc' }, 401],
    ['another origin', { origin: 'https://evil.example' }, 403],
    ['no origin (a non-browser client)', { origin: null }, 403],
    ['a rebinding Host header', { host: 'evil.example:80' }, 421],
    ['no subprotocol', { subprotocol: false }, 400],
  ] as const)('refuses %s', async (_name, options, status) => {
    const { host, log } = await start()
    expect(await connect(host, options)).toEqual({ status })
    expect(log.entries.some((e) => e.message.startsWith('Dev host refused a WebSocket'))).toBe(true)
    // The refusal is logged without the token.
    expect(log.text()).not.toContain(host.token)
  })

  it('accepts the app with the right token', async () => {
    const { host } = await start()
    const ws = await open(host)
    expect(ws.protocol).toBe('solar-field.v1')
    ws.close()
  })
})

describe('dev host: the contract over the wire', () => {
  it('answers calls with the same envelopes as Electron IPC', async () => {
    const { host } = await start()
    const ws = await open(host)
    const info = (await call(ws, 'app.info', {})) as { ok: boolean; value: { shell: string; projectCount: number } }
    expect(info.ok).toBe(true)
    expect(info.value.shell).toBe('browser-host')
    expect(info.value.projectCount).toBeGreaterThan(100)
    const page = (await call(ws, 'projects.list', { limit: 3 })) as {
      ok: true
      value: { items: unknown[]; total: number }
    }
    expect(page.value.items).toHaveLength(3)
    ws.close()
  })

  it.each([
    ['invalid input', 'projects.list', { limit: 'all' }, 'invalid_input'],
    ['an unknown method', 'shell.exec', { cmd: 'rm -rf /' }, 'unknown_method'],
    ['a missing project', 'projects.get', { id: 'does-not-exist' }, 'not_found'],
  ])('round-trips a typed error for %s', async (_name, method, input, code) => {
    const { host } = await start()
    const ws = await open(host)
    const result = (await call(ws, method, input)) as { ok: false; error: { code: string; message: string } }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe(code)
    expect(result.error.message.length).toBeGreaterThan(5)
    expect(JSON.stringify(result)).not.toMatch(/\.ts:\d+|node_modules/)
    ws.close()
  })

  it('answers a malformed frame with an error and stays up', async () => {
    const { host } = await start()
    const ws = await open(host)
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    )
    ws.send('{not json')
    expect(await reply).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } })
    expect(await call(ws, 'app.info', {})).toMatchObject({ ok: true })
    ws.close()
  })

  it('takes a file’s pieces as binary frames, bytes as they are, several sent before the first answer', async () => {
    const { host } = await start()
    const ws = await open(host)
    const list = (await call(ws, 'projects.list', { limit: 1 })) as { value: { items: { id: string }[] } }
    const bytes = crypto.randomBytes(3 * 524_288 + 1000)
    const begun = (await call(ws, 'attachments.begin', {
      projectId: list.value.items[0]!.id,
      title: 'roof.jpg',
      size: bytes.length,
      mime: 'image/jpeg',
    })) as { value: { uploadId: string } }
    const uploadId = begun.value.uploadId
    const answers = []
    for (let offset = 0, id = 1000; offset < bytes.length; offset += 524_288, id++)
      answers.push(
        binaryCall(ws, id, 'attachments.write', { uploadId, offset }, bytes.subarray(offset, offset + 524_288)),
      )
    expect((await Promise.all(answers)).map((a) => a.ok)).toEqual([true, true, true, true])
    const finished = (await call(ws, 'attachments.finish', { uploadId })) as { ok: true; value: { id: string } }
    expect(finished.ok).toBe(true)
    const read = (await call(ws, 'attachments.read', { id: finished.value.id, offset: 0, length: 4096 })) as {
      value: { base64: string; size: number }
    }
    expect(read.value.size).toBe(bytes.length)
    expect(Buffer.from(read.value.base64, 'base64').equals(bytes.subarray(0, 4096))).toBe(true)
    ws.close()
  })

  it('answers a binary frame it cannot read with an error, and stays up', async () => {
    const { host } = await start()
    const ws = await open(host)
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    )
    ws.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]))
    expect(await reply).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } })
    expect(await call(ws, 'app.info', {})).toMatchObject({ ok: true })
    ws.close()
  })

  it('pushes sync.status events to connected windows', async () => {
    const { host, services } = await start()
    const ws = await open(host)
    const event = new Promise<{ event: string; payload: { accounts: unknown[] } }>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    )
    await services.publishSyncStatus()
    const received = await event
    expect(received.event).toBe('sync.status')
    expect(received.payload.accounts).toHaveLength(4)
    ws.close()
  })

  it('drops messages larger than 1 MiB by closing the socket', async () => {
    const { host } = await start()
    const ws = await open(host)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(JSON.stringify({ id: 1, method: 'projects.search', input: { text: 'x'.repeat(2 << 20) } }))
    expect(await closed).toBe(1009)
    expect(ws.readyState).toBe(WebSocket.CLOSED)
  })
})

describe('dev host: serving the renderer', () => {
  it('serves the app with the CSP and no caching', async () => {
    const { host } = await start()
    const res = await get(host.port, '/')
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Solar Field</title>')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it.each([
    ['a path outside the renderer', '/../../../etc/passwd', 404],
    ['an encoded traversal', '/..%2f..%2fsolar-field.db', 404],
    ['the database next to it', '/../solar-field.db', 404],
  ])('refuses %s', async (_name, urlPath, status) => {
    const { host } = await start()
    expect((await get(host.port, urlPath)).status).toBe(status)
  })

  it('refuses requests under another Host name (DNS rebinding)', async () => {
    const { host } = await start()
    expect((await get(host.port, '/', { Host: 'attacker.example' })).status).toBe(421)
  })

  it('refuses writes', async () => {
    const { host } = await start()
    const status = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/', method: 'POST' }, (res) =>
        resolve(res.statusCode ?? 0),
      )
      req.end('x')
    })
    expect(status).toBe(405)
  })
})

describe('dev host: data directory', () => {
  it('keeps the database inside the data dir it was given', async () => {
    const dataDir = tempDir()
    running = await startTestHost({ dataDir, log: recordingLogger(), demo: false })
    expect(fs.existsSync(path.join(dataDir, 'solar-field.db'))).toBe(true)
  })
})

describe('dev host: editing', () => {
  it('applies an edit, answers the pending count and tells every window', async () => {
    const { host } = await start()
    const ws = await open(host)
    const list = (await call(ws, 'projects.list', { limit: 200 })) as {
      value: { items: { id: string; vendor: string }[] }
    }
    const project = list.value.items.find((p) => p.vendor === 'opensolar')!
    const changed: unknown[] = []
    const event = new Promise<{ event: string; payload: { totals: { queued: number } } }>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const frame = JSON.parse(d.toString()) as { event?: string; payload?: unknown }
        if (frame.event === 'data.changed') changed.push(frame.payload)
        if (frame.event === 'sync.status') resolve(frame as never)
      })
    })
    expect(await call(ws, 'projects.update', { id: project.id, changes: { notes: 'Gate code 4412' } })).toEqual({
      ok: true,
      value: { pending: 1 },
    })
    // What the edit changed reached the window before its answer did (the same socket keeps the order).
    expect(changed).toContainEqual(expect.objectContaining({ projectIds: [project.id] }))
    expect((await event).payload.totals.queued).toBe(1)
    ws.close()
  })

  it.each([
    ['an unknown field', { colour: 'red' }],
    ['a latitude off the planet', { lat: 200 }],
    ['an empty title', { title: '  ' }],
    ['notes too long', { notes: 'x'.repeat(10_001) }],
  ])('refuses %s with invalid_input', async (_name, changes) => {
    const { host } = await start()
    const ws = await open(host)
    const list = (await call(ws, 'projects.list', { limit: 1 })) as { value: { items: { id: string }[] } }
    const result = await call(ws, 'projects.update', { id: list.value.items[0]!.id, changes })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    ws.close()
  })
})
