import type http from 'node:http'
import Router from 'find-my-way'
import type { SandboxClock } from './clock'
import type { SandboxVendor } from './vendor'

export interface Reply {
  status: number
  body?: unknown
  /** Bytes sent as they are (file downloads, XML errors); otherwise `body` is sent as JSON. */
  raw?: { data: Buffer; contentType: string }
  headers?: Record<string, string>
}

/** Thrown by handlers and vendor pipelines to answer with a vendor-shaped error. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`)
  }
}

export class RequestContext {
  params: Record<string, string | undefined> = {}
  /** Set by the vendor's authentication: the unit its limits apply to. */
  principal: string | null = null
  private bodyPromise: Promise<Buffer> | null = null

  constructor(
    readonly vendor: SandboxVendor,
    readonly req: http.IncomingMessage,
    readonly url: URL,
    /** Path below the vendor prefix, e.g. /api/orgs/1/projects/ */
    readonly path: string,
    readonly clock: SandboxClock,
    private readonly maxBodyBytes: number,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET'
  }

  get query(): URLSearchParams {
    return this.url.searchParams
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }

  rawBody(): Promise<Buffer> {
    this.bodyPromise ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      this.req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > this.maxBodyBytes) {
          reject(new HttpError(413, { message: 'Request body too large' }))
          this.req.destroy()
          return
        }
        chunks.push(chunk)
      })
      this.req.on('end', () => resolve(Buffer.concat(chunks)))
      this.req.on('error', reject)
    })
    return this.bodyPromise
  }

  /** The JSON body, or `invalid(message)` for a body that is not JSON. */
  async json(invalid: (message: string) => HttpError): Promise<unknown> {
    const text = (await this.rawBody()).toString('utf8')
    if (!text.trim()) return undefined
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw invalid('JSON parse error - the request body is not valid JSON')
    }
  }

  async form(): Promise<URLSearchParams> {
    return new URLSearchParams((await this.rawBody()).toString('utf8'))
  }
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply

/** A vendor's routes: paths relative to its prefix, matched by find-my-way. */
export class Routes {
  private readonly router = Router({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false })

  add(method: string | string[], path: string, handler: Handler): this {
    this.router.on(method as never, path, () => undefined, { handler })
    return this
  }

  find(method: string, path: string): { handler: Handler; params: Record<string, string | undefined> } | null {
    const found = this.router.find(method as never, path)
    if (!found) return null
    return { handler: (found.store as { handler: Handler }).handler, params: found.params }
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
})
