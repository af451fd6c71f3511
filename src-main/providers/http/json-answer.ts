// A vendor's JSON, read without holding main's thread. JSON.parse is the fastest reader there is, but it
// reads a whole answer in one go: a 60 MB page takes it a fifth of a second (more on a busy laptop), in
// which no IPC call, timer or socket is answered. Answers up to a megabyte (every page the vendors
// document) are read so; a larger one is fed to a streaming parser a piece at a time, the thread given
// back between pieces.
import { JSONParser } from '@streamparser/json'
import { TimeSlice } from '../../runtime/time-slice'

/** Up to this size JSON.parse reads an answer in a few milliseconds. */
const READ_AT_ONCE_BYTES = 1024 * 1024
const PIECE_BYTES = 64 * 1024

/** The value of a JSON answer; throws a SyntaxError saying what is wrong with it. */
export async function readJson(bytes: Uint8Array): Promise<unknown> {
  // Invalid UTF-8 becomes U+FFFD either way (Buffer.toString and a non-fatal TextDecoder agree).
  if (bytes.byteLength <= READ_AT_ONCE_BYTES) return JSON.parse(Buffer.from(bytes).toString('utf8'))
  const decoder = new TextDecoder('utf-8')
  const parser = new JSONParser({ paths: ['$'] })
  let value = null as { is: unknown } | null
  let failure = null as Error | null
  parser.onValue = ({ value: read }) => (value = { is: read })
  parser.onError = (error) => (failure ??= error)
  const slice = new TimeSlice()
  for (let at = 0; at < bytes.byteLength && !failure; at += PIECE_BYTES) {
    const text = decoder.decode(bytes.subarray(at, at + PIECE_BYTES), { stream: true })
    // The parser ends itself after the value: only white space may follow it.
    if (parser.isEnded) {
      if (text.trim()) failure = new SyntaxError('Unexpected text after the end of the JSON')
      continue
    }
    parser.write(text)
    await slice.maybeYield()
  }
  if (!failure && !parser.isEnded) {
    try {
      parser.end()
    } catch (error) {
      failure ??= error as Error
    }
  }
  if (failure) throw new SyntaxError(failure.message)
  if (!value) throw new SyntaxError('No JSON value in the answer')
  return value.is
}
