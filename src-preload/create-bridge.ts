import { type Bridge, type Envelope, type EventName, type Method, parseInput } from '../src-shared/contract'

export interface BridgeTransport {
  invoke(method: Method, input: unknown): Promise<unknown>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

/**
 * Builds the bridge by walking the contract, so adding a method never touches the preload.
 * Input is checked here too (fail fast, clear message); main checks again because it trusts nobody.
 */
export function createBridge(methods: readonly Method[], transport: BridgeTransport): Bridge {
  const entries = methods.map((method) => [
    method,
    async (input: unknown): Promise<Envelope<unknown>> => {
      const parsed = parseInput(method, input)
      if (!parsed.ok) return parsed
      return (await transport.invoke(method, input)) as Envelope<unknown>
    },
  ])
  return Object.freeze({
    ...Object.fromEntries(entries),
    on: (event: EventName, listener: (payload: never) => void) =>
      transport.subscribe(event, listener as (payload: unknown) => void),
  }) as Bridge
}
