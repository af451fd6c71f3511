import fs from 'node:fs'
import path from 'node:path'
import { WebSocket } from 'ws'
import { composeServices, type Services } from '../../src-main/composition'
import { type DevHost, startDevHost } from '../../src-main/host/dev-host'
import { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_SUBPROTOCOL } from '../../src-main/host/ws-protocol'
import type { Logger } from '../../src-main/logging/logger'

export interface RunningHost {
  host: DevHost
  services: Services
  close(): Promise<void>
}

/** The real services on a fresh data dir, behind the dev host. */
export async function startTestHost(options: {
  dataDir: string
  log: Logger
  demo?: boolean
  rendererDir?: string
}): Promise<RunningHost> {
  const rendererDir = options.rendererDir ?? path.join(options.dataDir, 'renderer')
  if (!options.rendererDir) {
    fs.mkdirSync(rendererDir, { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Solar Field</title>')
  }
  const services = await composeServices({
    dataDir: options.dataDir,
    log: options.log,
    shell: 'browser-host',
    version: '0.0.0-test',
    demo: options.demo ?? false,
  })
  const host = await startDevHost({ services, rendererDir, log: options.log })
  return {
    host,
    services,
    close: async () => {
      await host.close()
      await services.close()
    },
  }
}

export interface WsOptions {
  token?: string | null
  origin?: string | null
  host?: string
  subprotocol?: boolean
}

/** Opens a WebSocket as a browser would (Origin, subprotocols); resolves open or the refusal status. */
export function connect(devHost: DevHost, options: WsOptions = {}): Promise<{ ws: WebSocket } | { status: number }> {
  const protocols = [
    ...(options.subprotocol === false ? [] : [WS_SUBPROTOCOL]),
    ...(options.token === null ? [] : [`${TOKEN_PROTOCOL_PREFIX}${options.token ?? devHost.token}`]),
  ]
  const headers: Record<string, string> = {}
  if (options.origin !== null) headers['Origin'] = options.origin ?? devHost.origin
  if (options.host) headers['Host'] = options.host
  const ws = new WebSocket(`ws://127.0.0.1:${devHost.port}${WS_PATH}`, protocols, { headers })
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 })
      ws.terminate()
    })
    ws.once('error', () => resolve({ status: 0 }))
  })
}

/** Sends one framed call and waits for its answer. */
export function call(
  ws: WebSocket,
  method: string,
  input: unknown,
  id = Math.floor(Math.random() * 1e9),
): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { id: number; result: unknown }
      if (frame.id !== id) return
      ws.off('message', onMessage)
      resolve(frame.result)
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, method, input }))
  })
}
