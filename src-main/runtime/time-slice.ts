// Main's thread answers the window (IPC), timers and sockets between pieces of long work: a pull of a
// 60,000-record page, a large answer being read, a long store. Work that may run long asks a TimeSlice
// at each step and gives the event loop a turn when its few milliseconds are used.
import { setImmediate as nextTurn } from 'node:timers/promises'

/** How long a piece of work runs before it lets others have the thread (a frame is 16 ms). */
const SLICE_MS = 8

export class TimeSlice {
  private startedAt = performance.now()

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Gives the event loop a turn if this slice has had its time (setImmediate: after pending I/O). */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.startedAt < this.sliceMs) return
    await nextTurn()
    this.startedAt = performance.now()
  }
}

/** `items.map(each)`, the thread given back whenever a slice's time is used (a hostile page of thousands). */
export async function mapInSlices<T, U>(items: readonly T[], each: (item: T) => U): Promise<U[]> {
  const slice = new TimeSlice()
  const out: U[] = []
  for (const item of items) {
    await slice.maybeYield()
    out.push(each(item))
  }
  return out
}
