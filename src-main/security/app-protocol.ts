import path from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'solar-field'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
}

export const mimeTypeOf = (file: string): string => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'

/**
 * Maps a request URL to a file under `root`, or null. Serving app content is the only thing
 * this protocol does, so anything outside `root` (.., encoded separators, other hosts) is refused.
 */
export function resolveAppAsset(root: string, requestUrl: string, expectedOrigin = APP_ORIGIN): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  const origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`
  if (origin !== expectedOrigin) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
  const resolved = path.resolve(root, relative)
  const rootWithSep = path.resolve(root) + path.sep
  return resolved.startsWith(rootWithSep) ? resolved : null
}
