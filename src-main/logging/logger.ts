export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, details?: unknown): void
  info(message: string, details?: unknown): void
  warn(message: string, details?: unknown): void
  error(message: string, details?: unknown): void
}

export type LogSink = (level: LogLevel, message: string, details?: unknown) => void

// Keys whose values are secrets wherever they appear (headers, configs, token responses).
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|cookie|credential/i
// Secrets embedded in free text: bearer headers and key=value pairs.
const SECRET_IN_TEXT = [
  /(bearer\s+)[\w\-.~+/]+=*/gi,
  /((?:pass(?:word)?|secret|token|api[-_]?key|client_secret|refresh_token|access_token)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
]

export const REDACTED = '[redacted]'

export function redactText(text: string): string {
  return SECRET_IN_TEXT.reduce((out, pattern) => out.replace(pattern, `$1${REDACTED}`), text)
}

/** Deep-copies `value` with secrets replaced; safe to hand to any sink. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) }
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, seen))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? REDACTED : redact(item, seen)]),
  )
}

/** Every logger in the app goes through here, so nothing reaches a sink unredacted. */
export function createLogger(sink: LogSink): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, details?: unknown): void =>
      sink(level, redactText(message), details === undefined ? undefined : redact(details))
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

export const consoleSink: LogSink = (level, message, details) => {
  const line = `[${new Date().toISOString()}] ${level.padEnd(5)} ${message}`
  const write = level === 'error' || level === 'warn' ? console.error : console.log
  if (details === undefined) write(line)
  else write(line, JSON.stringify(details))
}

/** One logger that writes to two (the app's log and the lines kept for a diagnostics export). */
export function teeLogger(first: Logger, second: Logger): Logger {
  return {
    debug: (message, details) => (first.debug(message, details), second.debug(message, details)),
    info: (message, details) => (first.info(message, details), second.info(message, details)),
    warn: (message, details) => (first.warn(message, details), second.warn(message, details)),
    error: (message, details) => (first.error(message, details), second.error(message, details)),
  }
}
