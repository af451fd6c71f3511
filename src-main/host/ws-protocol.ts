// The dev host's wire format: the same envelopes as Electron IPC, framed as JSON over a WebSocket.
import { z } from 'zod'

export const WS_SUBPROTOCOL = 'solar-field.v1'
/** The token travels as a second subprotocol, so it is never in a URL, a log line or the page's history. */
export const TOKEN_PROTOCOL_PREFIX = 'token.'
export const WS_PATH = '/ipc'

export const ClientMessage = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
})
export type ClientMessage = z.infer<typeof ClientMessage>

/** A binary frame's header: the call, and which input field the bytes after it fill. */
export const BinaryHeader = ClientMessage.extend({ bytesField: z.string().max(50) })

/**
 * Reads a binary frame (header length, JSON header, bytes) into the call it carries; the bytes become
 * the named input field, as Electron IPC would give them.
 */
export function readBinaryFrame(frame: Buffer): ClientMessage {
  const length = frame.readUInt32BE(0)
  if (length > frame.length - 4) throw new Error('Header longer than the frame')
  const header = BinaryHeader.parse(JSON.parse(frame.subarray(4, 4 + length).toString('utf8')))
  const input = header.input && typeof header.input === 'object' ? header.input : {}
  return {
    id: header.id,
    method: header.method,
    input: { ...input, [header.bytesField]: new Uint8Array(frame.subarray(4 + length)) },
  }
}
