// An online street source: a PMTiles archive at an https address, read a byte range at a time as the
// pmtiles library asks. Only main reads it (the window never talks to the network): its bytes reach the
// map through `maps.read`, and the kept area around the projects is copied from it.
import type { Source } from 'pmtiles'
import { AppError } from '../errors'
import { isLoopback } from '../providers/http/vendor-url'

/** More than any directory or tile of a street archive: a host that ignores the range is not read whole. */
const MAX_RANGE_BYTES = 16 * 1024 * 1024
const TIMEOUT_MS = 15_000

const unreachable = (detail: string, cause?: unknown) =>
  new AppError('unavailable', `The online street source could not be read (${detail}).`, { cause })

export function remoteArchive(address: string, fetchImpl: typeof fetch = fetch): Source {
  const url = new URL(address)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    throw new AppError('invalid_input', 'The street source must be an https address.')
  return {
    getKey: () => url.href,
    getBytes: async (offset, length, signal) => {
      if (length > MAX_RANGE_BYTES) throw unreachable('a range too large was asked for')
      let response: Response
      try {
        response = await fetchImpl(url, {
          headers: { Range: `bytes=${offset}-${offset + length - 1}` },
          // No credentials go with it, but a source that moves to plain http is not followed.
          redirect: 'follow',
          signal: signal ?? AbortSignal.timeout(TIMEOUT_MS),
        })
      } catch (error) {
        throw unreachable('no connection', error)
      }
      if (new URL(response.url || url.href).protocol !== url.protocol) throw unreachable('it moved off https')
      if (response.status !== 206 && response.status !== 200) throw unreachable(`the host answered ${response.status}`)
      const declared = Number(response.headers.get('content-length') ?? Number.NaN)
      // A host that ignores the range answers the whole archive: read no more than was asked for.
      if (response.status === 200 && !(declared <= MAX_RANGE_BYTES)) {
        await response.body?.cancel()
        throw unreachable('the host does not serve ranges')
      }
      const bytes = new Uint8Array(await response.arrayBuffer())
      const data = response.status === 200 ? bytes.slice(offset, offset + length) : bytes
      return { data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }
    },
  }
}
