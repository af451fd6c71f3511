import type { SandboxVendor } from './vendor'

export interface LoggedRequest {
  seq: number
  vendor: SandboxVendor
  method: string
  /** Path and query, without the vendor prefix. */
  path: string
  /** Who made it: an org, a client_id, an API key — the unit the vendor limits by. */
  principal: string | null
  /** Parsed JSON or form body of a write, for "sent twice?" assertions. */
  body: unknown
  startedAt: number
  endedAt: number | null
  status: number | null
  fault: string | null
}

/** Every request the simulators saw, in order, with timing; tests assert on it. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = []
  private seq = 0

  start(entry: Omit<LoggedRequest, 'seq' | 'endedAt' | 'status' | 'fault' | 'body'>): LoggedRequest {
    const logged: LoggedRequest = {
      ...entry,
      seq: ++this.seq,
      endedAt: null,
      status: null,
      fault: null,
      body: undefined,
    }
    this.entries.push(logged)
    return logged
  }

  all(filter: { vendor?: SandboxVendor; method?: string; pathIncludes?: string } = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (!filter.vendor || e.vendor === filter.vendor) &&
        (!filter.method || e.method === filter.method) &&
        (!filter.pathIncludes || e.path.includes(filter.pathIncludes)),
    )
  }

  clear(): void {
    this.entries.length = 0
  }

  /** The most requests of one vendor (and principal) that were ever in flight at once. */
  maxConcurrent(vendor: SandboxVendor, principal?: string): number {
    const events = this.all({ vendor })
      .filter((e) => principal === undefined || e.principal === principal)
      .flatMap((e) => [
        { at: e.startedAt, delta: 1 },
        { at: e.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta)
    let current = 0
    let max = 0
    for (const event of events) {
      current += event.delta
      max = Math.max(max, current)
    }
    return max
  }
}
