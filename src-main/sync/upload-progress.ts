// Bytes of the uploads in flight, by op: kept in memory (they mean nothing after a restart) and read
// by the sync status. Changes are reported at most every `intervalMs`, so a fast upload does not flood
// the windows with status events.

export interface UploadSnapshot {
  files: number
  sentBytes: number
  totalBytes: number
}

export class UploadProgress {
  private readonly inFlight = new Map<number, { accountId: string; fileId: string; sent: number; total: number }>()
  private lastReport = 0
  private pending: NodeJS.Timeout | null = null

  constructor(
    private readonly onChange: () => void = () => undefined,
    private readonly intervalMs = 250,
  ) {}

  start(opId: number, accountId: string, fileId: string, total: number): void {
    this.inFlight.set(opId, { accountId, fileId, sent: 0, total })
    this.changed(true)
  }

  update(opId: number, sent: number, total: number): void {
    const entry = this.inFlight.get(opId)
    if (!entry) return
    entry.sent = Math.min(sent, total)
    entry.total = total
    this.changed(false)
  }

  end(opId: number): void {
    if (this.inFlight.delete(opId)) this.changed(true)
  }

  of(accountId: string): UploadSnapshot {
    const mine = [...this.inFlight.values()].filter((e) => e.accountId === accountId)
    return {
      files: mine.length,
      sentBytes: mine.reduce((n, e) => n + e.sent, 0),
      totalBytes: mine.reduce((n, e) => n + e.total, 0),
    }
  }

  /** 0–1 for a file being uploaded now, else null. */
  fraction(fileId: string): number | null {
    for (const entry of this.inFlight.values())
      if (entry.fileId === fileId) return entry.total ? entry.sent / entry.total : 0
    return null
  }

  private changed(now: boolean): void {
    const elapsed = Date.now() - this.lastReport
    if (now || elapsed >= this.intervalMs) {
      if (this.pending) clearTimeout(this.pending)
      this.pending = null
      this.lastReport = Date.now()
      this.onChange()
    } else if (!this.pending) {
      this.pending = setTimeout(() => {
        this.pending = null
        this.lastReport = Date.now()
        this.onChange()
      }, this.intervalMs - elapsed)
      this.pending.unref()
    }
  }
}
