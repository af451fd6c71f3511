import { type EventName, type EventPayload, events } from '../../src-shared/contract'
import type { Logger } from '../logging/logger'

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Main → renderer events. Payloads are checked against the contract before they fan out. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  constructor(private readonly log: Logger) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].safeParse(payload)
    if (!checked.success) {
      this.log.error(`Event ${event} breaks the contract; not sent`, checked.error.issues)
      return
    }
    for (const listener of this.listeners) {
      try {
        listener(event, checked.data as EventPayload<E>)
      } catch (error) {
        this.log.warn(`A listener of ${event} failed`, error)
      }
    }
  }
}
