// Where a vendor account may point, and where a request may be redirected to. Credentials (a bearer
// token, Easy PV's X-API-KEY, Locus's client secret in a token form) go to the vendor's own origin and
// nowhere else: not to another host a redirect names, and never over plain http, which only the
// simulators on this computer use.
import type { Vendor } from '../../../src-shared/contract'
import { UnsafeRequestError, vendorName } from './errors'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

export const isLoopback = (url: URL): boolean => LOOPBACK.test(url.hostname)

/** A vendor's base URL, checked: https, or http on this computer (the simulators); no user:password in it. */
export function checkVendorBaseUrl(vendor: Vendor, baseUrl: string): URL {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new UnsafeRequestError(vendor, `"${baseUrl.slice(0, 100)}" is not a web address for ${vendorName(vendor)}.`)
  }
  if (url.username || url.password)
    throw new UnsafeRequestError(vendor, `${vendorName(vendor)}'s address must not carry a user name or password.`)
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url
  throw new UnsafeRequestError(
    vendor,
    `${vendorName(vendor)}'s address must start with https:// (plain http is only for the simulators on this computer).`,
  )
}

export type RedirectDecision = { follow: true; method: string; keepBody: boolean } | { follow: false; why: string }

/**
 * Whether to follow a redirect. A request that carries anything secret (credentials in its headers,
 * or any body: a token form holds the client secret) follows only to its own origin. A bare signed
 * download link may go elsewhere (object storage), but never from https down to http. A write is never
 * quietly turned into a GET.
 */
export function redirectDecision(
  from: URL,
  to: URL,
  status: number,
  request: { method: string; carriesSecrets: boolean },
): RedirectDecision {
  if (to.protocol !== 'https:' && !(to.protocol === 'http:' && from.protocol === 'http:' && isLoopback(to)))
    return { follow: false, why: `it pointed to ${to.protocol}//${to.host}, which is not https` }
  if (request.carriesSecrets && to.origin !== from.origin)
    return {
      follow: false,
      why: `it pointed to another site (${to.host}), and sign-in details only go to ${from.host}`,
    }
  if (status === 307 || status === 308) return { follow: true, method: request.method, keepBody: true }
  if (request.method === 'GET') return { follow: true, method: 'GET', keepBody: false }
  return { follow: false, why: `it would have turned a ${request.method} into a GET (HTTP ${status})` }
}
