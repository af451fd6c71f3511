import { originOf } from './ipc-sender'

/** Hosts a technician may be sent to in their browser (vendor web apps and docs). https only. */
export const EXTERNAL_ALLOWLIST: readonly string[] = [
  'app.opensolar.com',
  'www.opensolar.com',
  'developers.opensolar.com',
  'app.heatpunk.co.uk',
  'easy-pv.co.uk',
  'app.aurorasolar.com',
  'docs.aurorasolar.com',
  'locusenergy.com',
  'www.openstreetmap.org',
]

/** In-window navigation: only within the app's own origin (reloads, hash routes). */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin
}

export type ExternalLinkDecision = { action: 'open-external'; url: string } | { action: 'deny'; reason: string }

/** `window.open` and links to elsewhere never open a window; allowed ones go to the system browser. */
export function decideExternalLink(
  url: string,
  allowlist: readonly string[] = EXTERNAL_ALLOWLIST,
): ExternalLinkDecision {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { action: 'deny', reason: 'not a URL' }
  }
  if (parsed.protocol !== 'https:') return { action: 'deny', reason: `${parsed.protocol} is not https` }
  if (parsed.username || parsed.password) return { action: 'deny', reason: 'credentials in URL' }
  if (!allowlist.includes(parsed.hostname)) return { action: 'deny', reason: `${parsed.hostname} is not allowlisted` }
  return { action: 'open-external', url: parsed.toString() }
}

/** The app needs no browser permission (camera, geolocation, notifications …): deny them all. */
export function isPermissionAllowed(_permission: string): boolean {
  return false
}
