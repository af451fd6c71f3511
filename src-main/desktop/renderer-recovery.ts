// When the window's renderer process dies (a GPU driver, memory, a bug) or stops answering, the window is
// reloaded rather than left blank or frozen: everything the technician did is in main's database already
// (an edit is saved and queued when it is made), so a reload loses nothing but what was being typed. The
// window says, once reloaded, that it recovered. A renderer that keeps dying is not reloaded for ever: after
// three crashes in a minute the window shows what happened instead.
export type Recovery = { action: 'reload'; notice: string } | { action: 'give-up'; notice: string } | { action: 'wait' }

export interface CrashRecord {
  at: number
}

const WINDOW_MS = 60_000
const MOST_RELOADS = 3
/** A window busy this long (a huge chart?) is given time before it is reloaded. */
export const UNRESPONSIVE_GRACE_MS = 15_000

export class RendererRecovery {
  private readonly crashes: number[] = []

  constructor(private readonly now: () => number = Date.now) {}

  /** The renderer process is gone: why Chromium says (`crashed`, `oom`, `killed`…). */
  gone(reason: string): Recovery {
    // The window closing or the app quitting ends the renderer too: nothing to recover.
    if (reason === 'clean-exit') return { action: 'wait' }
    const now = this.now()
    this.crashes.push(now)
    while (this.crashes.length && this.crashes[0]! < now - WINDOW_MS) this.crashes.shift()
    if (this.crashes.length > MOST_RELOADS)
      return {
        action: 'give-up',
        notice: `The window stopped ${this.crashes.length} times in a minute (${reason}). Your work is saved; quit and start Solar Field again, and if it keeps happening, export diagnostics from the Help menu.`,
      }
    return { action: 'reload', notice: reason === 'oom' ? 'out-of-memory' : 'crashed' }
  }

  /** The renderer has not answered for `forMs`: reload once it has had its grace. */
  unresponsive(forMs: number): Recovery {
    return forMs >= UNRESPONSIVE_GRACE_MS ? { action: 'reload', notice: 'unresponsive' } : { action: 'wait' }
  }
}
