import type { Vendor } from '../../../src-shared/contract'
import { VENDOR_PROFILES } from '../../../src-shared/vendors'

export const vendorName = (vendor: Vendor): string => VENDOR_PROFILES[vendor].name

/**
 * What went wrong talking to a vendor, typed so sync can decide (retry, hold, park) and the UI can explain.
 * `message` is written for the technician; `status` and `detail` are for the log.
 */
export abstract class ProviderError extends Error {
  abstract readonly kind:
    'auth' | 'permission' | 'rate_limited' | 'not_found' | 'validation' | 'server' | 'network' | 'bad_response'
  /** Worth trying again later, unchanged. */
  abstract readonly retryable: boolean
  /** What the vendor's error body said, in its own words (set by the HTTP layer). */
  vendorMessages: string[] = []

  constructor(
    readonly vendor: Vendor,
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** 401: the credentials are wrong, expired or revoked; the account needs signing in again. */
export class AuthError extends ProviderError {
  readonly kind = 'auth'
  readonly retryable = false
}

/** 403 (exists, but you may not) or 402 (the plan lacks this). */
export class PermissionError extends ProviderError {
  readonly kind = 'permission'
  readonly retryable = false
}

/** 429, or our own budget says no. `retryAfterMs` is how long to wait, when known. */
export class RateLimitedError extends ProviderError {
  readonly kind = 'rate_limited'
  readonly retryable = true
  constructor(
    vendor: Vendor,
    message: string,
    readonly retryAfterMs: number | null,
    status: number | null = 429,
  ) {
    super(vendor, message, status)
  }
}

export class NotFoundError extends ProviderError {
  readonly kind = 'not_found'
  readonly retryable = false
}

/** 400/409/422: the vendor refused the content; `messages` are its own words. */
export class ValidationError extends ProviderError {
  readonly kind = 'validation'
  readonly retryable = false
  constructor(
    vendor: Vendor,
    readonly messages: string[],
    status: number | null,
  ) {
    super(vendor, `${vendorName(vendor)} refused the change: ${messages.join('; ') || `HTTP ${status ?? '?'}`}`, status)
  }
}

export class ServerError extends ProviderError {
  readonly kind = 'server'
  readonly retryable = true
}

/** No answer: connection refused or reset, DNS, timeout, a body cut off mid-way. */
export class NetworkError extends ProviderError {
  readonly kind = 'network'
  readonly retryable = true
  constructor(
    vendor: Vendor,
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(vendor, message, null, options)
  }
}

/** A request stopped because Solar Field is closing: not the vendor's doing, made again at the next start. */
export class ClosingError extends NetworkError {
  constructor(vendor: Vendor) {
    super(vendor, 'Solar Field is closing: this request was stopped and goes again when it next starts.', false)
  }
}

/**
 * A request Solar Field will not make or finish: an account address that is not https, a redirect that
 * would carry credentials to another site. Not retried: the account's settings must change.
 */
export class UnsafeRequestError extends ProviderError {
  readonly kind = 'permission'
  readonly retryable = false
}

/**
 * A listing that would not end: pages, cursors or next links past the most the account could hold. A
 * vendor (or something answering in its name) that pages forever would otherwise keep a pull going, and
 * spend the account's requests, until the app was closed. Not retried now: the pull waits, as after any
 * failure, and the next one starts over.
 */
export class RunawayListingError extends ProviderError {
  readonly kind = 'bad_response'
  readonly retryable = false
  constructor(vendor: Vendor, what: string) {
    super(
      vendor,
      `${vendorName(vendor)} kept listing past ${what}: more than this account can hold. Solar Field stopped this pull and will try again later.`,
    )
  }
}

/** An answer we cannot use: not JSON, or missing/mistyped fields. `path` says where. */
export class BadResponseError extends ProviderError {
  readonly kind = 'bad_response'
  readonly retryable = false
  constructor(
    vendor: Vendor,
    readonly path: string,
    detail: string,
    status: number | null,
  ) {
    super(
      vendor,
      `${vendorName(vendor)} sent an answer Solar Field cannot read (${path ? `${path}: ` : ''}${detail}).`,
      status,
    )
  }
}

const MESSAGE_KEYS = ['message', 'detail', 'error_description'] as const
const MAX_MESSAGES = 10
const MAX_MESSAGE_CHARS = 300

/**
 * The human words in a vendor's error body, whatever its shape: `"text"`, `{"error": "…"}`,
 * `{"errors": [{"message": "…"}]}`, `{"errors": ["…"]}`, `{"name": ["can't be blank"]}`,
 * `{"error": {"message": "…"}}`… Never "[object Object]"; at most ten, each cut at 300 characters.
 */
export function readableMessages(body: unknown): string[] {
  const out: string[] = []
  const add = (text: string) => {
    const trimmed = text.trim()
    if (trimmed && out.length < MAX_MESSAGES)
      out.push(trimmed.length > MAX_MESSAGE_CHARS ? `${trimmed.slice(0, MAX_MESSAGE_CHARS)}…` : trimmed)
  }
  const walk = (value: unknown, field: string | null, depth: number): void => {
    if (depth > 4 || out.length >= MAX_MESSAGES || value === null || value === undefined) return
    if (typeof value === 'string') {
      // An HTML error page says nothing a technician can use.
      if (!value.trimStart().startsWith('<')) add(field ? `${field}: ${value}` : value)
      return
    }
    if (typeof value === 'number' || typeof value === 'boolean')
      return add(field ? `${field}: ${value}` : String(value))
    if (Array.isArray(value)) return value.forEach((item) => walk(item, field, depth + 1))
    if (typeof value !== 'object') return
    const record = value as Record<string, unknown>
    const said = MESSAGE_KEYS.map((key) => record[key]).find((v): v is string => typeof v === 'string')
    if (said !== undefined) return add(field ? `${field}: ${said}` : said)
    for (const [key, inner] of Object.entries(record)) {
      // Wrappers and status echoes name no field.
      if (key === 'statusCode' || key === 'status' || key === 'code') continue
      const wrapper = key === 'error' || key === 'errors' || key === 'non_field_errors'
      walk(inner, wrapper ? field : field ? `${field}.${key}` : key, depth + 1)
    }
  }
  walk(body, null, 0)
  return out
}
