// The last lines the app logged, kept in memory (after redaction), for a diagnostics export: the browser
// host logs to its terminal only, and the desktop app's log file may be on a disk the technician cannot
// find. A line is kept short; the oldest go first.
import type { LogLevel, LogSink } from '../logging/logger'

const MAX_LINE_CHARS = 2_000

export class RecentLog {
  private readonly lines: string[] = []

  constructor(
    private readonly capacity = 2_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  readonly sink: LogSink = (level: LogLevel, message: string, details?: unknown) => {
    let line = `${this.now().toISOString()} ${level.padEnd(5)} ${message}`
    if (details !== undefined) {
      try {
        line += ` ${JSON.stringify(details)}`
      } catch {
        line += ' [details could not be written]'
      }
    }
    this.lines.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line)
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity)
  }

  text(): string {
    return this.lines.join('\n')
  }
}
