// A vendor that answers badly on purpose, on a real loopback server (so fetch, redirects, compression
// and timing are the real ones): routes by "METHOD /path", each a function of the request. It keeps
// every request, so a test can count what the app asked for.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'
import { AuroraClient } from '../../src-main/providers/aurora/client'

export interface HostileRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: string
}

export interface HostileReply {
  status?: number
  /** Sent as JSON. */
  body?: unknown
  /** Sent as is, instead of `body`. */
  raw?: string | Buffer
  headers?: Record<string, string>
}

export type HostileRoute = (request: HostileRequest) => HostileReply | Promise<HostileReply>

export interface HostileVendor {
  origin: string
  requests: HostileRequest[]
  /** Requests whose path starts with this. */
  count(pathPrefix?: string): number
}

/** Hostile vendors for this test file, closed after each test. Route `*` answers what no other route does. */
export function useHostileVendors(): (routes: Record<string, HostileRoute>) => Promise<HostileVendor> {
  const servers: http.Server[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections()
      await new Promise((resolve) => s.close(resolve))
    }
  })
  return async (routes) => {
    const requests: HostileRequest[] = []
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://vendor')
        const request = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }
        requests.push(request)
        const route = routes[`${request.method} ${request.path}`] ?? routes['*']
        void Promise.resolve(route ? route(request) : { status: 404, body: { detail: 'Not found.' } }).then((reply) => {
          const payload = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))
          res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers })
          res.end(payload)
        })
      })
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return {
      origin,
      requests,
      count: (prefix = '') => requests.filter((r) => r.path.startsWith(prefix)).length,
    }
  }
}

/** `n` Aurora projects (2024.05 shape) with ids unique to the page they are on. */
export function auroraProjects(n: number, tag: string): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${tag}-${i}`,
    name: `Project ${tag}-${i}`,
    property_address: `${i + 1} Main Street, Springfield, IL 62704, USA`,
    latitude: 39.78 + i / 10_000,
    longitude: -89.65,
    project_type: 'residential',
    created_at: '2026-11-01T10:00:00Z',
  }))
}

/** An Aurora client (2024.05, tenant t1) on a hostile vendor, retrying once, at once. */
export const auroraAt = (origin: string) =>
  new AuroraClient({
    baseUrl: origin,
    tenantId: 't1',
    token: () => 'tok',
    version: '2024.05',
    http: { minBackoffMs: 1, maxBackoffMs: 2, retries: 1 },
  })
