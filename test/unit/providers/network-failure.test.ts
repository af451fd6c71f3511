import { describe, expect, it } from 'vitest'
import { describeNetworkFailure, networkProblemOf } from '../../../src-main/providers/http/network-failure'

/** As Node's fetch fails: TypeError "fetch failed", its cause naming the code. */
const nodeFailure = (code: string, message = code) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) })
/** As Electron's net.fetch fails: the Chromium net error in the message. */
const electronFailure = (netError: string) => new Error(`net::${netError}`)

describe('why a request got no answer', () => {
  it.each([
    ['a corporate proxy (Electron)', electronFailure('ERR_TUNNEL_CONNECTION_FAILED'), 'proxy', /proxy/],
    ['a proxy wanting a sign-in', electronFailure('ERR_PROXY_AUTH_UNSUPPORTED'), 'proxy', /proxy/],
    [
      'a TLS-inspecting firewall (Electron)',
      electronFailure('ERR_CERT_AUTHORITY_INVALID'),
      'certificate',
      /ask IT to trust/,
    ],
    [
      'a TLS-inspecting firewall (Node)',
      nodeFailure('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      'certificate',
      /certificate/,
    ],
    ['a self-signed certificate', nodeFailure('SELF_SIGNED_CERT_IN_CHAIN'), 'certificate', /certificate/],
    ['no network at all', electronFailure('ERR_INTERNET_DISCONNECTED'), 'offline', /offline/],
    [
      'a name that does not resolve',
      nodeFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND api.opensolar.com'),
      'dns',
      /address could not be found/,
    ],
    ['a refused connection', nodeFailure('ECONNREFUSED'), 'refused', /refused the connection/],
    ['a connection cut off', nodeFailure('ECONNRESET'), 'reset', /cut off/],
    ['something else', new Error('boom'), 'other', /Could not reach OpenSolar \(boom\)/],
  ])('names %s', (_name, error, problem, words) => {
    expect(networkProblemOf(error)).toBe(problem)
    expect(describeNetworkFailure(error, 'OpenSolar')).toMatch(words)
  })
})
