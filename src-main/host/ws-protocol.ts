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
