// Bytes of the uploads in flight, by op: kept in memory (they mean nothing after a restart) and read
// by the sync status. `onChange` is called on every change: give it a throttled publisher.

export interface UploadSnapshot {
  files: number
  sentBytes: number
  totalBytes: number
}

export class UploadProgress {
  private readonly inFlight = new Map<number, { accountId: string; fileId: string; sent: number; total: number }>()

  constructor(private readonly onChange: () => void = () => undefined) {}

  start(opId: number, accountId: string, fileId: string, total: number): void {
    this.inFlight.set(opId, { accountId, fileId, sent: 0, total })
    this.onChange()
  }

  update(opId: number, sent: number, total: number): void {
    const entry = this.inFlight.get(opId)
    if (!entry) return
    entry.sent = Math.min(sent, total)
    entry.total = total
    this.onChange()
  }

  end(opId: number): void {
    if (this.inFlight.delete(opId)) this.onChange()
  }

  of(accountId: string): UploadSnapshot {
    const mine = [...this.inFlight.values()].filter((e) => e.accountId === accountId)
    return {
      files: mine.length,
      sentBytes: mine.reduce((n, e) => n + e.sent, 0),
      totalBytes: mine.reduce((n, e) => n + e.total, 0),
    }
  }

  /** Whether any file is on its way now. */
  get active(): boolean {
    return this.inFlight.size > 0
  }

  /** 0–1 for a file being uploaded now, else null. */
  fraction(fileId: string): number | null {
    for (const entry of this.inFlight.values())
      if (entry.fileId === fileId) return entry.total ? entry.sent / entry.total : 0
    return null
  }
}
