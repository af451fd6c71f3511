export interface CspOptions {
  /** Extra connect-src entries, e.g. the dev host's WebSocket. Never a vendor: the renderer talks only to main. */
  connect?: readonly string[]
}

/**
 * The renderer's Content-Security-Policy. maplibre needs blob: workers/images and data: images;
 * it does not need 'unsafe-eval' (v2+ ships a CSP-safe build), so we never allow it.
 */
export function buildCsp({ connect = [] }: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connect],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/** Headers sent with every renderer asset, by the app protocol and by the dev host alike. */
export function securityHeaders(options?: CspOptions): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
}
