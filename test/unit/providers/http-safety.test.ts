// Credentials stay at the vendor's origin, and an answer cannot take the process's memory: real servers
// on loopback, since fetch's own redirect and decompression are what is tested.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EasyPvClient } from '../../../src-main/providers/easypv/client'
import { BadResponseError, UnsafeRequestError } from '../../../src-main/providers/http/errors'
import { HttpClient, RAW } from '../../../src-main/providers/http/http-client'
import { checkVendorBaseUrl, redirectDecision } from '../../../src-main/providers/http/vendor-url'
import { LocusAuth } from '../../../src-main/providers/locus/oauth'

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A server on loopback that records what it is sent and answers with `reply`. */
async function server(reply: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = []
  const s = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      reply(req, res)
    })
  })
  servers.push(s)
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  // 127.0.0.1 and localhost are two origins: the "other site" of these tests.
  const port = (s.address() as AddressInfo).port
  return { seen, origin: `http://127.0.0.1:${port}`, otherName: `http://localhost:${port}` }
}

const redirectTo =
  (location: string, status = 307) =>
  (_req: http.IncomingMessage, res: http.ServerResponse) =>
    res.writeHead(status, { Location: location }).end()

describe('redirects', () => {
  it('never sends Easy PV’s API key to another site a redirect names', async () => {
    const elsewhere = await server((_q, res) => res.writeHead(200).end('{"projectId":1}'))
    const vendor = await server(redirectTo(`${elsewhere.otherName}/api/v1/projects/create`))
    const client = new EasyPvClient({
      baseUrl: vendor.origin,
      apiKey: () => 'secret-key',
      userEmail: 'a@b.c',
      http: { retries: 0 },
    })
    const refused = await client.createProject({ title: 'x' }, 'ref').catch((e: Error) => e)
    expect(refused).toBeInstanceOf(UnsafeRequestError)
    expect((refused as Error).message).toMatch(/did not follow: it pointed to another site \(localhost:\d+\)/)
    expect(vendor.seen).toHaveLength(1)
    expect(elsewhere.seen).toEqual([])
  })

  it('never resends a Locus token form (it holds the client secret) to another site', async () => {
    const elsewhere = await server((_q, res) => res.writeHead(200).end('{"access_token":"t","expires_in":3600}'))
    const vendor = await server(redirectTo(`${elsewhere.otherName}/oauth/token`, 308))
    const auth = new LocusAuth({
      baseUrl: vendor.origin,
      clientId: 'id',
      clientSecret: () => 'client-secret',
      grant: () => ({ type: 'client_credentials' }),
      http: { retries: 0 },
    })
    await expect(auth.accessToken()).rejects.toBeInstanceOf(UnsafeRequestError)
    expect(elsewhere.seen).toEqual([])
  })

  it('follows a redirect within the vendor’s own origin, credentials and body with it', async () => {
    const vendor = await server((req, res) =>
      req.url === '/old' ? redirectTo('/new')(req, res) : res.writeHead(200).end('{"ok":true}'),
    )
    const client = new HttpClient({
      vendor: 'aurora',
      baseUrl: vendor.origin,
      authorize: () => ({ Authorization: 'Bearer t' }),
      retries: 0,
    })
    expect(
      await client.request({ method: 'POST', path: '/old', json: { a: 1 }, schema: z.object({ ok: z.boolean() }) }),
    ).toEqual({ ok: true })
    expect(vendor.seen.map((r) => [r.url, r.headers.authorization, r.body])).toEqual([
      ['/old', 'Bearer t', '{"a":1}'],
      ['/new', 'Bearer t', '{"a":1}'],
    ])
  })

  it('lets a bare signed download link go to object storage elsewhere', async () => {
    const storage = await server((_q, res) => res.writeHead(200).end('bytes'))
    const vendor = await server(redirectTo(`${storage.otherName}/bucket/file`, 302))
    const client = new HttpClient({
      vendor: 'opensolar',
      baseUrl: vendor.origin,
      authorize: () => ({ Authorization: 'Bearer t' }),
    })
    const raw = await client.request({
      method: 'GET',
      path: `${vendor.origin}/media/x`,
      anonymous: true,
      schema: RAW,
    })
    expect(raw.toString()).toBe('bytes')
    expect(storage.seen[0]!.headers.authorization).toBeUndefined()
  })

  it.each([
    ['to another site, with credentials', 'https://api.vendor.com/a', 'https://evil.example/a', 307, true, false],
    ['from https down to http', 'https://api.vendor.com/a', 'http://api.vendor.com/a', 301, false, false],
    ['a write turned into a GET', 'https://api.vendor.com/a', 'https://api.vendor.com/b', 302, true, false],
    ['within the origin, keeping the method', 'https://api.vendor.com/a', 'https://api.vendor.com/b', 308, true, true],
    ['a bare download to storage', 'https://api.vendor.com/a', 'https://bucket.s3.example/f', 302, false, true],
  ])('judges a redirect %s', (_name, from, to, status, secrets, follow) => {
    const method = status === 302 && secrets ? 'POST' : status === 302 ? 'GET' : 'PUT'
    expect(redirectDecision(new URL(from), new URL(to), status, { method, carriesSecrets: secrets }).follow).toBe(
      follow,
    )
  })
})

describe('account addresses', () => {
  it.each([
    ['https://api.opensolar.com', true],
    ['http://127.0.0.1:4010/opensolar', true],
    ['http://localhost:4010', true],
    ['http://api.opensolar.com', false],
    ['https://user:pass@api.opensolar.com', false],
    ['api.opensolar.com', false],
  ])('%s is %s', (url, ok) => {
    if (ok) expect(checkVendorBaseUrl('opensolar', url)).toBeInstanceOf(URL)
    else expect(() => checkVendorBaseUrl('opensolar', url)).toThrow(UnsafeRequestError)
  })

  it('a client refuses to be built on plain http to the internet', () => {
    expect(() => new EasyPvClient({ baseUrl: 'http://heatpunk.co.uk', apiKey: () => 'k', userEmail: 'a@b.c' })).toThrow(
      /must start with https:\/\//,
    )
  })
})

describe('answer sizes', () => {
  it('stops reading a gzip bomb at the cap, without inflating it in memory', async () => {
    // 16 gzip members of 16 MB of zeros: 256 MB inflated from about 256 kB sent.
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024))
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member))
    const vendor = await server((_q, res) =>
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' }).end(bomb),
    )
    const client = new HttpClient({ vendor: 'locus', baseUrl: vendor.origin, authorize: () => ({}), retries: 0 })
    const before = process.memoryUsage().rss
    const refused = await client.request({ method: 'GET', path: '/v3/x', schema: z.unknown() }).catch((e: Error) => e)
    expect(refused).toBeInstanceOf(BadResponseError)
    expect((refused as Error).message).toMatch(/larger than 64 MB/)
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024)
  })

  it('refuses an answer whose declared length is over the cap before reading it', async () => {
    const vendor = await server((_q, res) => {
      res.writeHead(200, { 'Content-Length': String(100 * 1024 * 1024) })
      res.write('{')
    })
    const client = new HttpClient({ vendor: 'aurora', baseUrl: vendor.origin, authorize: () => ({}), retries: 0 })
    await expect(client.request({ method: 'GET', path: '/x', schema: z.unknown() })).rejects.toThrow(
      /larger than 64 MB/,
    )
  })
})
