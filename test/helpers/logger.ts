import { createLogger, type LogLevel, type Logger } from '../../src-main/logging/logger'

export interface RecordedLog {
  level: LogLevel
  message: string
  details?: unknown
}

/** A logger that keeps what it was given (after redaction), for assertions. */
export function recordingLogger(): Logger & { entries: RecordedLog[]; text(): string } {
  const entries: RecordedLog[] = []
  const logger = createLogger((level, message, details) => entries.push({ level, message, details }))
  return { ...logger, entries, text: () => JSON.stringify(entries) }
}
