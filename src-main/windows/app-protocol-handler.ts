import fs from 'node:fs/promises'
import type { Protocol } from 'electron'
import { APP_SCHEME, mimeTypeOf, resolveAppAsset } from '../security/app-protocol'
import { securityHeaders } from '../security/csp'

/** Serves the built renderer from app://solar-field/ with the CSP; nothing else is reachable. */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await fs.readFile(file)
      return new Response(body, { headers: { ...securityHeaders(), 'Content-Type': mimeTypeOf(file) } })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
