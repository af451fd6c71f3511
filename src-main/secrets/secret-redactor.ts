// Every secret the app holds (tokens, API keys, client secrets, passwords, refresh and access tokens) is
// known here, and removed from any text built from what a vendor said before that text leaves the
// provider layer or reaches a log: an error body that echoes the bearer token ("Invalid token abc…"),
// a redirect to a host named after it, a URL with it in the query. Vendors echo secrets in other forms
// too, so each is also looked for URL-encoded, form-encoded, JSON-escaped and base64'd (at each of the
// three alignments it can take inside a longer base64 text, as in a Basic header), and in part: any run of
// PART_CHARS characters of any of those forms (a token cut short, "tok_abcd…"), case aside. A run that
// reads like words (lower-case letters and hyphens only) is not taken: the demo's "demo-opensolar-token"
// would otherwise blank "OpenSolar" out of every message, and a random token's run is almost never one.
import type { Logger } from '../logging/logger'
import { REDACTED } from '../logging/logger'
import { textOf } from '../../src-shared/text-of'

/** A secret's run this long, anywhere, is taken for it. */
const PART_CHARS = 8
/** Shorter values are not secrets worth the false alarms (a 3-letter "secret" would blank common words). */
const SHORTEST_SECRET = 4
const WORDLIKE = /^[a-z-]+$/

export class SecretRedactor {
  private readonly secrets = new Set<string>()
  /** Whole forms of every secret, longest first (for the short ones, matched whole). */
  private forms: string[] = []
  /** Every run of PART_CHARS characters of every form, lower-cased. */
  private parts = new Set<string>()

  /** Remembers a secret, in every form it may come back in. */
  learn(secret: string | null | undefined): void {
    const value = secret?.trim()
    if (!value || value.length < SHORTEST_SECRET || this.secrets.has(value)) return
    this.secrets.add(value)
    const forms = new Set(
      [
        value,
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
        JSON.stringify(value).slice(1, -1),
        ...base64Forms(value),
      ].filter((form) => form.length >= SHORTEST_SECRET),
    )
    this.forms = [...new Set([...this.forms, ...forms])].sort((a, b) => b.length - a.length)
    for (const form of forms)
      for (let at = 0; at + PART_CHARS <= form.length; at++) {
        const part = form.slice(at, at + PART_CHARS)
        if (!WORDLIKE.test(part)) this.parts.add(part.toLowerCase())
      }
  }

  /** The text with every secret, and every part of one, replaced by [redacted]. */
  redact(text: string): string {
    if (!this.secrets.size || !text) return text
    const lower = text.toLowerCase()
    // Where a secret (or a run of one) lies: whole forms, then runs, merged.
    const hidden = new Uint8Array(text.length)
    for (const form of this.forms) {
      const needle = form.toLowerCase()
      for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1))
        hidden.fill(1, at, at + needle.length)
    }
    for (let at = 0; at + PART_CHARS <= lower.length; at++)
      if (this.parts.has(lower.slice(at, at + PART_CHARS))) hidden.fill(1, at, at + PART_CHARS)
    if (!hidden.includes(1)) return text
    let out = ''
    for (let at = 0; at < text.length;) {
      if (!hidden[at]) {
        out += text[at++]
        continue
      }
      while (at < text.length && hidden[at]) at++
      out += REDACTED
    }
    return out
  }

  /** Deep copy with every string redacted (log details, answers); keys are kept. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (value === null || typeof value !== 'object') return value
    if (depth > 16) return '[too deep]'
    if (value instanceof Error) return this.redactError(value)
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactValue(v, depth + 1)]))
  }

  /**
   * The same error, its words (message, the vendor's own messages, the stack) redacted in place, so its
   * type still tells sync what to do. What caused it (a network error naming the URL) is dropped.
   */
  redactError<E>(error: E): E {
    if (!(error instanceof Error) || !this.secrets.size) return error
    const fields = error as unknown as Record<string, unknown>
    error.message = this.redact(error.message)
    if (error.stack) error.stack = this.redact(error.stack)
    for (const key of ['vendorMessages', 'messages'])
      if (Array.isArray(fields[key])) fields[key] = (fields[key] as unknown[]).map((m) => this.redactValue(m))
    if ('cause' in error && error.cause !== undefined) {
      const cause = textOf(error.cause)
      Object.defineProperty(error, 'cause', { value: this.redact(cause), configurable: true, writable: true })
    }
    return error
  }

  /** A logger whose every line (message and details) is redacted before it goes on. */
  logger(log: Logger): Logger {
    const at =
      (level: keyof Logger) =>
      (message: string, details?: unknown): void =>
        log[level](this.redact(message), details === undefined ? undefined : this.redactValue(details))
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
  }
}

/**
 * The secret's base64 (and base64url) as it appears inside a longer base64 text: encoded on its own, and
 * after one and two bytes of something else (only the characters that depend on the secret alone kept).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const forms: string[] = []
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64')
    // Characters made partly of the leading bytes, and of the padding or what follows, are left out.
    const start = lead === 0 ? 0 : lead === 1 ? 2 : 3
    const whole = Math.floor((lead + bytes.length) / 3) * 4
    const form = encoded.slice(start, lead === 0 && encoded.endsWith('=') ? encoded.length : whole)
    forms.push(form.replace(/=+$/, ''), form.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
  }
  return forms
}
