// Dev/test host: the real main services, with the renderer served over http and the IPC contract
// over a WebSocket, both on 127.0.0.1 only and behind a random per-run token. Never shipped in the app.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import type { Services } from '../composition'
import type { Logger } from '../logging/logger'
import { mimeTypeOf, resolveAppAsset } from '../security/app-protocol'
import { securityHeaders } from '../security/csp'
import { ClientMessage, readBinaryFrame, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_SUBPROTOCOL } from './ws-protocol'

export interface DevHostOptions {
  services: Services
  rendererDir: string
  log: Logger
  port?: number
  /** Fixed only by tests that need to know it up front; otherwise 32 random bytes per run. */
  token?: string
}

export interface DevHost {
  /** The page to open; the token rides in the fragment, which browsers never send to a server. */
  url: string
  origin: string
  port: number
  token: string
  close(): Promise<void>
}

const LOOPBACK = '127.0.0.1'
const MAX_MESSAGE_BYTES = 1 << 20

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const token = options.token ?? randomBytes(32).toString('hex')
  const { services, log } = options
  let origin = ''
  let hostHeader = ''

  const server = http.createServer((req, res) => {
    void serveAsset(req, res).catch((error: unknown) => {
      log.error('Dev host failed to serve an asset', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  async function serveAsset(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A Host check defeats DNS rebinding: a web page cannot reach us under another name.
    if (req.headers.host !== hostHeader) return refuse(res, 421, 'Misdirected request')
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed')
    const file = resolveAppAsset(options.rendererDir, `${origin}${req.url ?? '/'}`, origin)
    if (!file) return refuse(res, 404, 'Not found')
    let body: Buffer
    try {
      body = await fs.readFile(file)
    } catch {
      return refuse(res, 404, 'Not found')
    }
    res.writeHead(200, {
      ...securityHeaders({ connect: [`ws://${hostHeader}`] }),
      'Content-Type': mimeTypeOf(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  })

  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req)
    if (refusal) {
      log.warn(`Dev host refused a WebSocket: ${refusal.reason}`)
      rejectUpgrade(socket, refusal.status, refusal.reason)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  function checkUpgrade(req: http.IncomingMessage): { status: number; reason: string } | null {
    if (req.headers.host !== hostHeader) return { status: 421, reason: 'wrong Host header' }
    if (new URL(req.url ?? '/', origin).pathname !== WS_PATH) return { status: 404, reason: 'wrong path' }
    if (req.headers.origin !== origin)
      return { status: 403, reason: `origin ${req.headers.origin ?? '(none)'} is not the app` }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
    if (!offered.includes(WS_SUBPROTOCOL)) return { status: 400, reason: 'missing subprotocol' }
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length)
    if (!presented) return { status: 401, reason: 'missing token' }
    if (!sameSecret(presented, token)) return { status: 401, reason: 'wrong token' }
    return null
  }

  const unsubscribe = services.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload })
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame)
  })

  wss.on('connection', (ws) => {
    // ws closes the socket itself (oversized frame, bad UTF-8); without a listener the error would crash the host.
    ws.on('error', (error) =>
      log.warn('Dev host closed a WebSocket after a protocol error', { message: error.message }),
    )
    ws.on('message', (data, isBinary) => {
      void handleMessage(ws, data as Buffer, isBinary)
    })
  })

  /** Every frame is answered, with its id whenever one can be read: a caller is never left waiting. */
  async function handleMessage(ws: WebSocket, data: Buffer, isBinary: boolean): Promise<void> {
    let message: ClientMessage
    try {
      message = isBinary ? readBinaryFrame(data) : ClientMessage.parse(JSON.parse(data.toString('utf8')))
    } catch {
      const error = { code: 'invalid_input', message: 'Malformed request frame' }
      reply(ws, { id: idOfFrame(data, isBinary), result: { ok: false, error } })
      return
    }
    let result: unknown
    try {
      result = await services.dispatcher.dispatch(message.method, message.input)
    } catch (error) {
      log.error('Dev host: the dispatcher threw', error)
      result = { ok: false, error: { code: 'internal', message: 'Solar Field hit an unexpected problem.' } }
    }
    reply(ws, { id: message.id, result })
  }

  function reply(ws: WebSocket, frame: { id: number | null; result: unknown }): void {
    if (ws.readyState !== WebSocket.OPEN) return
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (error) {
      log.error('Dev host: an answer could not be written as JSON', error)
      text = JSON.stringify({
        id: frame.id,
        result: { ok: false, error: { code: 'internal', message: 'Solar Field hit an unexpected problem.' } },
      })
    }
    ws.send(text)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  hostHeader = `${LOOPBACK}:${port}`
  origin = `http://${hostHeader}`

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The id of a frame that could not be read whole, when it has a readable one (else null). */
function idOfFrame(data: Buffer, isBinary: boolean): number | null {
  try {
    const text = isBinary ? data.subarray(4, 4 + data.readUInt32BE(0)).toString('utf8') : data.toString('utf8')
    const id = (JSON.parse(text) as { id?: unknown }).id
    return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null
  } catch {
    return null
  }
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`,
  )
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
