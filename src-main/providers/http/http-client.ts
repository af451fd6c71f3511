import { setTimeout as sleep } from 'node:timers/promises'
import pRetry from 'p-retry'
import type { z } from 'zod'
import type { Vendor } from '../../../src-shared/contract'
import type { Logger } from '../../logging/logger'
import type { SignInHold } from '../../accounts/sign-in-hold'
import type { SecretRedactor } from '../../secrets/secret-redactor'
import {
  AuthError,
  BadResponseError,
  ClosingError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitedError,
  readableMessages,
  UnsafeRequestError,
  ServerError,
  ValidationError,
  vendorName,
} from './errors'
import { type RequestLimiter, type RequestPurpose, unlimited } from './limits'
import { RECORD_LIMITS, shapeProblem } from './answer-shape'
import { readJson } from './json-answer'
import { describeNetworkFailure, networkProblemOf } from './network-failure'
import { parseRetryAfter } from './retry-after'
import { checkVendorBaseUrl, redirectDecision } from './vendor-url'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type QueryValue = string | number | boolean | undefined | null | readonly string[]

export interface HttpClientConfig {
  vendor: Vendor
  baseUrl: string
  fetch?: typeof globalThis.fetch
  /** Per attempt. */
  timeoutMs?: number
  retries?: number
  minBackoffMs?: number
  maxBackoffMs?: number
  /** A Retry-After longer than this is not waited out here: the error goes to the caller (sync schedules). */
  maxRetryAfterMs?: number
  /**
   * How long one request may take with its retries and waits, all told: a vendor answering 429 with a
   * Retry-After just under the limit, again and again, would otherwise hold a sync for many minutes.
   */
  maxRequestMs?: number
  limiter?: RequestLimiter
  /** Headers that authenticate a request (called per attempt, so refreshed tokens are picked up). */
  authorize: () => Promise<Record<string, string>> | Record<string, string>
  /** Called at most once per request on a 401; true = credentials renewed, try again. */
  refreshAuth?: () => Promise<boolean>
  log?: Logger
  /** Removes the app's secrets from every error this client throws; learns the credentials it sends. */
  redactor?: SecretRedactor
  /** The account's sign-in hold: asked before each request, told of a refused sign-in. */
  signIn?: SignInHold
  /** Aborted when the app closes: every request in flight stops, and none is retried. */
  closing?: AbortSignal
}

export interface RequestSpec<T> {
  method: Method
  /** Relative to baseUrl, or an absolute URL (e.g. a signed download link). */
  path: string
  query?: Record<string, QueryValue>
  json?: unknown
  form?: URLSearchParams
  /** A streamed body is given as a factory, so a retry gets a fresh stream. */
  body?: {
    data: () => NonNullable<RequestInit['body']> | AsyncIterable<Uint8Array>
    contentType?: string
    length?: number
  }
  headers?: Record<string, string>
  /** The answer's shape; omitted = no body expected (204). */
  schema?: z.ZodType<T>
  /**
   * The answer is a list (or wraps one) whose records the caller reads one by one (sortRecords), each
   * within the limits of one record: a bad one is left out, not the whole answer. Otherwise the answer is
   * one record, and refused whole if it is past those limits.
   */
  records?: boolean
  /** Safe to send twice. Defaults: reads, PUT and DELETE yes; POST and PATCH no (sync decides). */
  idempotent?: boolean
  purpose?: RequestPurpose
  /** Skip Authorization (signed URLs). */
  anonymous?: boolean
  signal?: AbortSignal
}

/**
 * The one way providers talk HTTP: timeouts, retries with exponential backoff and jitter for network
 * errors, timeouts, 429 and 5xx (honouring Retry-After), the account's limiter, and typed errors.
 * A write that is not idempotent is retried only when the vendor certainly refused it (429).
 */
export class HttpClient {
  private readonly fetch: typeof globalThis.fetch
  private readonly limiter: RequestLimiter
  private readonly origin: URL

  constructor(private readonly config: HttpClientConfig) {
    this.fetch = config.fetch ?? globalThis.fetch
    this.limiter = config.limiter ?? unlimited
    this.origin = checkVendorBaseUrl(config.vendor, config.baseUrl)
  }

  get vendor(): Vendor {
    return this.config.vendor
  }

  async request<T = undefined>(given: RequestSpec<T>): Promise<T> {
    const { closing } = this.config
    const spec = closing
      ? { ...given, signal: given.signal ? AbortSignal.any([given.signal, closing]) : closing }
      : given
    const idempotent = spec.idempotent ?? !['POST', 'PATCH'].includes(spec.method)
    const purpose = spec.purpose ?? (spec.method === 'GET' ? 'pull' : 'push')
    const maxRetryAfter = this.config.maxRetryAfterMs ?? 120_000
    const maxRequestMs = this.config.maxRequestMs ?? 180_000
    const startedAt = Date.now()
    // Each attempt's failure is redacted as it happens: the retry's log line and the caller see the same words.
    const attempt = () =>
      this.attempt(spec).catch((error: unknown) => Promise.reject(this.config.redactor?.redactError(error) ?? error))
    const retried = pRetry(() => this.limiter.run(attempt, purpose), {
      retries: this.config.retries ?? 4,
      maxRetryTime: maxRequestMs,
      minTimeout: this.config.minBackoffMs ?? 500,
      maxTimeout: this.config.maxBackoffMs ?? 30_000,
      factor: 2,
      randomize: true,
      signal: spec.signal,
      shouldRetry: async ({ error }) => {
        if (!(error instanceof ProviderError) || !error.retryable) return false
        if (error instanceof RateLimitedError) {
          // Our own budget said no (status null): waiting here would not help.
          if (error.status === null) return false
          if (error.retryAfterMs !== null && error.retryAfterMs > maxRetryAfter) return false
          if (Date.now() - startedAt + (error.retryAfterMs ?? 0) > maxRequestMs) return false
          if (error.retryAfterMs) await sleep(error.retryAfterMs, undefined, { signal: spec.signal })
          return true
        }
        return idempotent
      },
      onFailedAttempt: ({ error, attemptNumber }) => {
        this.config.log?.debug(
          `${vendorName(this.vendor)} ${spec.method} ${spec.path} failed (attempt ${attemptNumber})`,
          {
            error: error.message,
          },
        )
      },
    })
    // Closing: whatever the request was doing, it stopped because the app is closing, not because the
    // vendor failed; sync leaves its op as a kill would, and makes it again at the next start.
    return closing
      ? retried.catch((error: unknown) => Promise.reject(closing.aborted ? new ClosingError(this.vendor) : error))
      : retried
  }

  private async attempt<T>(spec: RequestSpec<T>, refreshed = false): Promise<T> {
    // Held after a refused sign-in: nothing goes until the technician signs in again.
    if (!spec.anonymous && this.config.signIn?.held())
      throw new AuthError(
        this.vendor,
        `${vendorName(this.vendor)} refused this account's sign-in. Sign in again in Settings → Accounts; its changes wait until then.`,
      )
    let url = new URL(this.url(spec))
    const credentials = spec.anonymous ? {} : await this.config.authorize()
    for (const value of Object.values(credentials))
      this.config.redactor?.learn(value.replace(/^(Bearer|Basic)\s+/i, ''))
    // Credentials go to the account's own origin only (an absolute path elsewhere must be anonymous).
    if (!spec.anonymous && url.origin !== this.origin.origin)
      throw new UnsafeRequestError(
        this.vendor,
        `Solar Field will not send ${vendorName(this.vendor)} sign-in details to ${url.host}.`,
      )
    const headers: Record<string, string> = { Accept: 'application/json', ...credentials, ...spec.headers }
    let body: (() => RequestInit['body']) | undefined
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      const text = JSON.stringify(spec.json)
      body = () => text
    } else if (spec.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      const text = spec.form.toString()
      body = () => text
    } else if (spec.body) {
      if (spec.body.contentType) headers['Content-Type'] = spec.body.contentType
      if (spec.body.length !== undefined) headers['Content-Length'] = String(spec.body.length)
      const data = spec.body.data
      body = () => data() as RequestInit['body']
    }
    const carriesSecrets = !spec.anonymous || body !== undefined
    const timeoutMs = this.config.timeoutMs ?? 30_000
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout
    let method: string = spec.method
    let response: Response
    for (let hops = 0; ; hops++) {
      try {
        // Redirects are ours to judge (redirectDecision): fetch would resend every header to any host.
        // A streamed body needs `duplex`, which Node's fetch takes and the DOM's RequestInit does not name.
        const init: RequestInit & { duplex: 'half' } = {
          method,
          headers,
          body: body?.(),
          signal,
          redirect: 'manual',
          duplex: 'half',
        }
        response = await this.fetch(url, init)
      } catch (error) {
        throw this.networkError(error, timeout.aborted, timeoutMs, 'reach')
      }
      if (!REDIRECTS.has(response.status)) break
      await response.body?.cancel()
      const location = response.headers.get('location')
      const target = location ? URL.parse(location, url.href) : null
      if (!target || hops >= MAX_REDIRECTS)
        throw new BadResponseError(
          this.vendor,
          '',
          `a redirect (HTTP ${response.status}) that leads nowhere`,
          response.status,
        )
      const decision = redirectDecision(url, target, response.status, { method, carriesSecrets })
      if (!decision.follow)
        throw new UnsafeRequestError(
          this.vendor,
          `${vendorName(this.vendor)} redirected the request and Solar Field did not follow: ${decision.why}. Check the account's address.`,
          response.status,
        )
      method = decision.method
      if (!decision.keepBody) body = undefined
      url = target
    }
    if (response.status === 401 && !refreshed && this.config.refreshAuth) {
      await response.body?.cancel()
      if (await this.config.refreshAuth()) return this.attempt(spec, true)
    }
    let bytes: Buffer
    try {
      const cap = !response.ok ? MAX_ERROR_BYTES : (spec.schema as unknown) === RAW ? MAX_RAW_BYTES : MAX_JSON_BYTES
      bytes = await readCapped(
        response,
        cap,
        () => new BadResponseError(this.vendor, '', `an answer larger than ${cap / MB} MB`, response.status),
      )
    } catch (error) {
      if (error instanceof ProviderError) throw error
      throw this.networkError(error, timeout.aborted, timeoutMs, 'read the answer from')
    }
    if (!response.ok) throw this.httpError(spec, response, bytes)
    if (!spec.schema) return undefined as T
    if ((spec.schema as unknown) === RAW) return bytes as T
    let parsed: unknown
    try {
      parsed = await readJson(bytes)
    } catch {
      throw new BadResponseError(
        this.vendor,
        '',
        `not JSON: ${JSON.stringify(bytes.subarray(0, 60).toString('utf8'))}`,
        response.status,
      )
    }
    const tooBig = spec.records ? null : shapeProblem(parsed, RECORD_LIMITS)
    if (tooBig) throw new BadResponseError(this.vendor, '', tooBig, response.status)
    const result = spec.schema.safeParse(parsed)
    if (!result.success) {
      const issue = result.error.issues[0]
      throw new BadResponseError(
        this.vendor,
        issue?.path.join('.') ?? '',
        issue?.message ?? 'unexpected shape',
        response.status,
      )
    }
    return result.data
  }

  /** An absolute URL at this vendor, as its resource fields (OpenSolar `project`, `file_tags`) hold them. */
  resourceUrl(path: string): string {
    return this.config.baseUrl.replace(/\/$/, '') + path
  }

  private url(spec: RequestSpec<unknown>): string {
    const url = /^https?:\/\//.test(spec.path)
      ? new URL(spec.path)
      : new URL(this.config.baseUrl.replace(/\/$/, '') + spec.path)
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) continue
      if (typeof value === 'object') for (const v of value) url.searchParams.append(key, v)
      else url.searchParams.set(key, String(value))
    }
    return url.toString()
  }

  private networkError(error: unknown, timedOut: boolean, timeoutMs: number, verb: string): NetworkError {
    const name = vendorName(this.vendor)
    const message = timedOut
      ? `${name} did not answer within ${Math.round(timeoutMs / 1000)} s.`
      : networkProblemOf(error) === 'other'
        ? `Could not ${verb} ${name} (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}).`
        : describeNetworkFailure(error, name)
    return new NetworkError(this.vendor, message, timedOut, { cause: error })
  }

  private httpError(spec: RequestSpec<unknown>, response: Response, bytes: Buffer): ProviderError {
    const error = this.errorFor(spec, response, bytes)
    error.vendorMessages = readableMessages(this.bodyOf(bytes))
    return error
  }

  private bodyOf(bytes: Buffer): unknown {
    try {
      return JSON.parse(bytes.toString('utf8'))
    } catch {
      return bytes.toString('utf8')
    }
  }

  private errorFor(spec: RequestSpec<unknown>, response: Response, bytes: Buffer): ProviderError {
    const status = response.status
    let body: unknown = bytes.toString('utf8')
    try {
      body = JSON.parse(body as string)
    } catch {
      // keep the text
    }
    const messages = readableMessages(body)
    const said = messages.length ? ` ${vendorName(this.vendor)} said: ${messages.join('; ')}` : ''
    const name = vendorName(this.vendor)
    if (status === 401) {
      if (!spec.anonymous) this.config.signIn?.refused()
      return new AuthError(
        this.vendor,
        `${name} no longer accepts this account's sign-in. Sign in again to send queued changes.${said}`,
        status,
      )
    }
    if (status === 402)
      return new PermissionError(this.vendor, `The ${name} plan of this account does not include this.${said}`, status)
    if (status === 403)
      return new PermissionError(this.vendor, `${name} does not allow this account to do that.${said}`, status)
    if (status === 404)
      return new NotFoundError(this.vendor, `${name} has no such record (it may have been deleted).${said}`, status)
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
      this.limiter.exhausted?.(retryAfterMs)
      return new RateLimitedError(this.vendor, `${name} asked Solar Field to slow down.${said}`, retryAfterMs)
    }
    if (status >= 500)
      return new ServerError(
        this.vendor,
        `${name} had a problem (HTTP ${status}). Solar Field will try again.${said}`,
        status,
      )
    return new ValidationError(this.vendor, messages, status)
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5
const MB = 1024 * 1024
/**
 * The most an answer may be, counted after decompression as it streams in (a 1 MB gzip bomb would
 * otherwise inflate to gigabytes in memory): JSON pages are a few MB, a download is at most an
 * attachment, an error page says what it says in its first kilobytes.
 */
const MAX_JSON_BYTES = 64 * MB
const MAX_RAW_BYTES = 520 * MB
const MAX_ERROR_BYTES = 1 * MB

/** The body, stopped (and the connection let go) as soon as it passes `cap` bytes. */
async function readCapped(response: Response, cap: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > cap || !response.body) {
    await response.body?.cancel()
    if (declared > cap) throw tooLarge()
    return Buffer.alloc(0)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength
    // Leaving the loop cancels the stream.
    if (total > cap) throw tooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, total)
}

/** Pass as `schema` to get the raw bytes of the answer (downloads). */
export const RAW = { safeParse: (data: unknown) => ({ success: true, data }) } as unknown as z.ZodType<Buffer>
