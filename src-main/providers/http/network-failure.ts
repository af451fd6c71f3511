import { textOf } from '../../../src-shared/text-of'
// Why a request never got an answer, in words a technician (or their IT department) can act on. Node's
// fetch names the cause by code (ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE…); Electron's net.fetch,
// which goes through the system's proxy and certificate store, by Chromium's net error (ERR_PROXY_…,
// ERR_CERT_…). A corporate proxy or a TLS-inspecting firewall is the usual reason a laptop online in the
// office cannot reach a vendor, and "fetch failed" says nothing of it.

export type NetworkProblem = 'offline' | 'dns' | 'refused' | 'proxy' | 'certificate' | 'reset' | 'other'

const RULES: [NetworkProblem, RegExp][] = [
  ['offline', /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ENETUNREACH|EHOSTUNREACH/],
  ['proxy', /ERR_PROXY|ERR_TUNNEL_CONNECTION_FAILED|ERR_MANDATORY_PROXY|PROXY_AUTH|\b407\b/],
  [
    'certificate',
    /ERR_CERT|ERR_SSL|CERT_|UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER|DEPTH_ZERO|ERR_TLS|certificate/i,
  ],
  ['dns', /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/],
  ['refused', /ECONNREFUSED|ERR_CONNECTION_REFUSED/],
  ['reset', /ECONNRESET|EPIPE|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|UND_ERR_SOCKET|other side closed/],
]

/** Every message and code in an error and its causes, as one text to read. */
function traceOf(error: unknown): string {
  const parts: string[] = []
  for (let at: unknown = error, depth = 0; at && depth < 5; depth++) {
    if (at instanceof Error) {
      parts.push(at.message, textOf((at as { code?: unknown }).code))
      at = at.cause
    } else {
      parts.push(textOf(at))
      break
    }
  }
  return parts.join(' ')
}

export function networkProblemOf(error: unknown): NetworkProblem {
  const trace = traceOf(error)
  return RULES.find(([, pattern]) => pattern.test(trace))?.[0] ?? 'other'
}

/** "Could not reach OpenSolar: …" — what happened and what to check. */
export function describeNetworkFailure(error: unknown, name: string): string {
  switch (networkProblemOf(error)) {
    case 'offline':
      return `This computer is offline: ${name} cannot be reached. Changes wait here until there is a connection.`
    case 'proxy':
      return `The network's proxy did not let Solar Field through to ${name}. Check the proxy settings of this computer (or ask IT), then try again.`
    case 'certificate':
      return `The connection to ${name} could not be trusted: its certificate was not accepted. On a company network this is usually a firewall inspecting connections; ask IT to trust it on this computer.`
    case 'dns':
      return `${name}'s address could not be found. Check the connection (a hotel or site network may need a sign-in page first) and the account's address.`
    case 'refused':
      return `${name} refused the connection. Check the account's address; if it is right, ${name} may be down.`
    case 'reset':
      return `The connection to ${name} was cut off. Solar Field will try again.`
    default: {
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)
      return `Could not reach ${name} (${cause}).`
    }
  }
}
