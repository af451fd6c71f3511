// The map's pins for one filter, kept here and told to the map as changes. They arrive from
// main a chunk at a time (a column each of pin, lat, lng, vendor, pending), so the first pins show while
// the rest load; after a sync only what moved, changed colour or went is given to the map, never all
// 100,000 again.
import type { ProjectPins, Vendor } from '../../../src-shared/contract'
import { VENDORS } from '../../../src-shared/contract/constants'

export interface Pin {
  pin: number
  lat: number
  lng: number
  vendor: Vendor
  pending: boolean
  /** An open alert at this monitored site. */
  alert: boolean
}

export interface PinChanges {
  /** New pins, and pins that moved or changed (the map replaces a pin by its number). */
  put: Pin[]
  remove: number[]
  /** The last chunk of a reading: every pin is known (the map may frame them). */
  done: boolean
}

export type LoadPins = (after: number | undefined, limit: number) => Promise<{ pins: ProjectPins; next: number | null }>

/** A first reading shows a few pins at once, then the rest together (each change re-clusters every pin). */
const FIRST_CHUNK = 5_000
const CHUNK = 50_000

export class PinSource {
  private readonly pins = new Map<number, Pin>()
  private readonly listeners = new Set<(changes: PinChanges) => void>()
  private loading: Promise<void> | null = null
  private again = false
  private closed = false
  complete = false

  constructor(private readonly load: LoadPins) {}

  /** Every pin held now (a map that subscribes late starts from these). */
  all(): Pin[] {
    return [...this.pins.values()]
  }

  get size(): number {
    return this.pins.size
  }

  subscribe(listener: (changes: PinChanges) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Reads every chunk again and tells what differs; a refresh asked for while one runs runs after it. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true
      return this.loading
    }
    this.loading = this.readAll().finally(() => {
      this.loading = null
      if (this.again && !this.closed) {
        this.again = false
        void this.refresh()
      }
    })
    return this.loading
  }

  close(): void {
    this.closed = true
    this.listeners.clear()
  }

  private async readAll(): Promise<void> {
    const seen = new Set<number>()
    const first = this.pins.size === 0
    let after: number | undefined
    let held: PinChanges = { put: [], remove: [], done: false }
    do {
      const { pins, next } = await this.load(after, first && after === undefined ? FIRST_CHUNK : CHUNK)
      if (this.closed) return
      // The first reading: the first chunk is told at once, the rest held and told together at the end.
      const changes: PinChanges = first && after !== undefined ? held : { put: [], remove: [], done: false }
      for (let i = 0; i < pins.pin.length; i++) {
        const pin: Pin = {
          pin: pins.pin[i]!,
          lat: pins.lat[i]!,
          lng: pins.lng[i]!,
          vendor: VENDORS[pins.vendor[i]!] ?? VENDORS[0],
          pending: pins.pending[i] === 1,
          alert: pins.alert[i] === 1,
        }
        seen.add(pin.pin)
        const held = this.pins.get(pin.pin)
        if (
          held &&
          held.lat === pin.lat &&
          held.lng === pin.lng &&
          held.vendor === pin.vendor &&
          held.pending === pin.pending &&
          held.alert === pin.alert
        )
          continue
        this.pins.set(pin.pin, pin)
        changes.put.push(pin)
      }
      if (changes !== held) this.emit(changes)
      after = next ?? undefined
    } while (after !== undefined)
    const gone = [...this.pins.keys()].filter((pin) => !seen.has(pin))
    for (const pin of gone) this.pins.delete(pin)
    this.complete = true
    this.emit({ put: held.put, remove: gone, done: true })
    held = { put: [], remove: [], done: false }
  }

  private emit(changes: PinChanges): void {
    if (!changes.put.length && !changes.remove.length && !changes.done) return
    for (const listener of this.listeners) listener(changes)
  }
}
