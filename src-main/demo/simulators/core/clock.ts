/** The simulators' notion of now: real time plus an offset tests can advance (token and URL expiry, budgets). */
export class SandboxClock {
  private offsetMs = 0

  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }

  nowMs(): number {
    return Date.now() + this.offsetMs
  }

  advance(ms: number): void {
    this.offsetMs += ms
  }
}
