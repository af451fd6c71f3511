export interface SenderFrame {
  url: string
  isMainFrame: boolean
}

/**
 * Only the app's own top-level document may call main: not an iframe, not a page that
 * somehow navigated elsewhere, not a frame that has gone away (null).
 */
export function isTrustedSender(frame: SenderFrame | null, appOrigin: string): boolean {
  if (!frame || !frame.isMainFrame) return false
  return originOf(frame.url) === appOrigin
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    // Custom schemes report origin "null"; rebuild it from scheme and host.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}
