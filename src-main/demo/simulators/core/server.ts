import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import type { SandboxClock } from './clock'
import { describeFault, type FaultInjector, type FaultRule } from './faults'
import { HttpError, type Reply, RequestContext } from './http'
import type { RequestLog } from './request-log'
import type { VendorApp } from './vendor-app'
import { vendorErrorBody } from './vendor'

const MAX_BODY_BYTES = 64 * 1024 * 1024

export interface ServerDeps {
  apps: readonly VendorApp[]
  clock: SandboxClock
  faults: FaultInjector
  log: RequestLog
  /** Answers /__sandbox/… (the control API); null = not found. */
  control: (req: http.IncomingMessage, url: URL, body: () => Promise<unknown>) => Promise<Reply | null>
}

/** One HTTP server, one prefix per vendor (/opensolar, /easypv, /aurora, /locus) standing in for their hosts. */
export async function listen(deps: ServerDeps, port: number): Promise<{ server: http.Server; origin: string }> {
  const byPrefix = new Map(deps.apps.map((app) => [app.vendor, app]))
  let origin = ''
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A client that went away mid-request (killed while uploading) is what real servers see too.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return
      console.error('sandbox: unexpected failure', error)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end('{"message":"sandbox failure"}')
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname.startsWith('/__sandbox/')) {
      const ctx = new RequestContext('opensolar', req, url, url.pathname, deps.clock, 1 << 20)
      const reply = await deps
        .control(req, url, () => ctx.json((m) => new HttpError(400, { message: m })))
        .catch((error: unknown) =>
          error instanceof HttpError ? { status: error.status, body: error.body } : Promise.reject(error),
        )
      return write(res, reply ?? { status: 404, body: { message: 'No such control endpoint' } })
    }
    const [, prefix = '', ...rest] = url.pathname.split('/')
    const app = byPrefix.get(prefix as VendorApp['vendor'])
    if (!app) return write(res, { status: 404, body: { message: `No simulated vendor at /${prefix}` } })

    const path = `/${rest.join('/')}`
    const ctx = new RequestContext(app.vendor, req, url, path, deps.clock, MAX_BODY_BYTES)
    const entry = deps.log.start({
      vendor: app.vendor,
      method: ctx.method,
      path: path + url.search,
      principal: null,
      startedAt: Date.now(),
    })
    let release: (() => void) | void
    res.on('close', () => {
      entry.endedAt = Date.now()
      entry.status = res.statusCode
      release?.()
    })

    let fault: FaultRule | null = null
    try {
      await app.authenticate(ctx)
      entry.principal = ctx.principal
      release = app.admit(ctx)
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') entry.body = await bodyForLog(ctx)
      fault = deps.faults.take(app.vendor, ctx.method, path + url.search)
      if (fault) entry.fault = describeFault(fault)
      if (fault?.latencyMs) await sleep(fault.latencyMs)
      if (fault && !fault.afterHandler && (fault.drop === 'before-response' || fault.status)) {
        return failWith(res, app, fault)
      }
      const route = app.routes.find(ctx.method, path)
      if (route) ctx.params = route.params
      const reply = route ? await route.handler(ctx) : app.notFound(ctx)
      if (fault?.afterHandler && (fault.drop || fault.status)) return failWith(res, app, fault)
      return write(res, reply, { fault, gzip: shouldGzip(app, ctx) })
    } catch (error) {
      if (error instanceof HttpError) {
        return write(
          res,
          { status: error.status, body: error.body, headers: error.headers },
          { gzip: shouldGzip(app, ctx) },
        )
      }
      throw error
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, origin }
}

function shouldGzip(app: VendorApp, ctx: RequestContext): boolean {
  return Boolean(app.compress?.(ctx)) && /\bgzip\b/.test(ctx.header('accept-encoding') ?? '')
}

function failWith(res: http.ServerResponse, app: VendorApp, fault: FaultRule): void {
  if (fault.drop) {
    res.socket?.destroy()
    return
  }
  const status = fault.status ?? 500
  const headers: Record<string, string> = {}
  const retryAfter = fault.retryAfter ?? fault.retryAfterSeconds
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter)
  const message =
    status === 429 ? 'Too many requests' : status >= 500 ? 'Service temporarily unavailable' : 'Request failed'
  write(res, { status, body: vendorErrorBody(app.vendor, status, message), headers })
}

function write(
  res: http.ServerResponse,
  reply: Reply,
  options: { fault?: FaultRule | null; gzip?: boolean } = {},
): void {
  const { fault } = options
  let payload =
    reply.raw?.data ??
    (reply.body === undefined || reply.status === 204 ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body)))
  const headers: Record<string, string | number> = {
    'Content-Type': reply.raw?.contentType ?? 'application/json',
    ...reply.headers,
  }
  let status = reply.status
  if (fault?.body === 'malformed') {
    status = 200
    payload = Buffer.from('{\'statusCode\': 200, "data": [NaN, undefined,]')
  } else if (fault?.body === 'truncated') {
    payload = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)))
  }
  if (options.gzip && payload.length) {
    payload = gzipSync(payload)
    headers['Content-Encoding'] = 'gzip'
  }
  if (fault?.drop === 'mid-response') {
    // Promise the whole body, send half, hang up: the client sees a connection reset mid-body.
    res.writeHead(status, { ...headers, 'Content-Length': payload.length })
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy())
    return
  }
  res.writeHead(status, { ...headers, 'Content-Length': payload.length })
  res.end(payload)
}

async function bodyForLog(ctx: RequestContext): Promise<unknown> {
  const type = ctx.header('content-type') ?? ''
  const raw = await ctx.rawBody()
  if (type.includes('multipart/')) return { multipart: true, bytes: raw.length }
  const text = raw.toString('utf8')
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  try {
    return text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    return text.slice(0, 2000)
  }
}
