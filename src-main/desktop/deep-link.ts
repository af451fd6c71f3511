// solarfield://project/<vendor>/<id> opens the app (or the one running) on a vendor's project — from a
// link in an email, a ticket, the office's spreadsheet. A link is input from outside like any IPC call,
// so it is read as strictly: one scheme, one form, a known vendor, an id of the characters vendors use
// (no percent-decoding into separators, no credentials, port, query or fragment), a bounded length.
import { z } from 'zod'
import { Vendor } from '../../src-shared/contract'

export const LINK_SCHEME = 'solarfield'
const MAX_LINK_CHARS = 300
const RemoteId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)

export interface ProjectLink {
  vendor: Vendor
  remoteId: string
}

export function parseDeepLink(text: string): ProjectLink | null {
  if (typeof text !== 'string' || text.length > MAX_LINK_CHARS) return null
  const url = URL.parse(text)
  if (!url || url.protocol !== `${LINK_SCHEME}:` || url.username || url.password || url.port || url.search || url.hash)
    return null
  // solarfield://project/opensolar/123 — "project" is the host, then exactly two segments.
  if (url.hostname !== 'project') return null
  const parts = url.pathname.split('/').slice(1)
  if (parts.length !== 2) return null
  const vendor = Vendor.safeParse(parts[0])
  const remoteId = RemoteId.safeParse(parts[1])
  return vendor.success && remoteId.success ? { vendor: vendor.data, remoteId: remoteId.data } : null
}

/** The link a start or a second start was given (Windows and Linux pass it among the arguments). */
export function linkInArguments(argv: readonly string[]): ProjectLink | null {
  for (const arg of argv) if (arg.startsWith(`${LINK_SCHEME}:`)) return parseDeepLink(arg)
  return null
}
