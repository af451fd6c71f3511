// The dev/test host's transport: the same Bridge as the preload's, over a loopback WebSocket.
// Used only when window.solarField is absent (a browser pointed at the dev host).
import type { Bridge, Envelope, EventName } from '../../src-shared/contract'

const SUBPROTOCOL = 'solar-field.v1'
const RETRY_MS = [250, 500, 1000, 2000, 5000]

type Pending = { resolve: (envelope: Envelope<unknown>) => void }
type ServerFrame = { id: number | null; result: Envelope<unknown> } | { event: EventName; payload: unknown }

/**
 * A call as the host reads it: JSON text, or — when the input carries bytes (a file's piece) — a binary
 * frame: the header's length (4 bytes, big-endian), the header as JSON naming the field, then the bytes.
 */
function frameOf(id: number, method: string, input: unknown): string | Uint8Array {
  const entry =
    input && typeof input === 'object'
      ? Object.entries(input).find((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array)
      : undefined
  if (!entry) return JSON.stringify({ id, method, input })
  const [field, bytes] = entry
  const header = new TextEncoder().encode(
    JSON.stringify({ id, method, input: { ...(input as object), [field]: undefined }, bytesField: field }),
  )
  const frame = new Uint8Array(4 + header.length + bytes.length)
  new DataView(frame.buffer).setUint32(0, header.length)
  frame.set(header, 4)
  frame.set(bytes, 4 + header.length)
  return frame
}

export function createWebSocketBridge(url: string, token: string): Bridge {
  let socket: WebSocket | null = null
  let open: Promise<WebSocket> | null = null
  let nextId = 1
  let attempt = 0
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  function connect(): Promise<WebSocket> {
    open ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, [SUBPROTOCOL, `token.${token}`])
      ws.onopen = () => {
        attempt = 0
        socket = ws
        resolve(ws)
      }
      ws.onmessage = (message) => receive(String(message.data))
      ws.onclose = () => {
        const wasOpen = socket === ws
        socket = null
        open = null
        for (const [id, call] of pending) {
          pending.delete(id)
          call.resolve(unavailable('The connection to Solar Field was lost. Retrying…'))
        }
        if (!wasOpen) reject(new Error('Could not connect to the Solar Field host'))
        // Keep event subscriptions alive across host restarts.
        else if (listeners.size)
          setTimeout(() => void connect().catch(() => undefined), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)])
      }
    })
    return open
  }

  function receive(text: string): void {
    let frame: ServerFrame
    try {
      frame = JSON.parse(text) as ServerFrame
    } catch {
      return
    }
    if ('event' in frame) {
      listeners.get(frame.event)?.forEach((listener) => listener(frame.payload))
      return
    }
    if (frame.id === null) return
    const call = pending.get(frame.id)
    pending.delete(frame.id)
    call?.resolve(frame.result)
  }

  async function invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
    let ws: WebSocket
    try {
      ws = socket ?? (await connect())
    } catch {
      return unavailable('Solar Field is not reachable. Is the host still running?')
    }
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, { resolve })
      ws.send(frameOf(id, method, input ?? {}))
    })
  }

  function on(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    void connect().catch(() => undefined)
    return () => set.delete(listener)
  }

  // Methods are whatever the contract names; the proxy keeps the contract's runtime out of the renderer.
  return new Proxy({ on } as unknown as Bridge, {
    get: (target, key) =>
      key === 'on' ? target.on : typeof key === 'string' ? (input: unknown) => invoke(key, input) : undefined,
  })
}

const unavailable = (message: string): Envelope<never> => ({ ok: false, error: { code: 'unavailable', message } })
