import { createContext, useContext } from 'react'
import type { Api, Bridge, EventName, EventPayload, Method } from '../../src-shared/contract'
import { ApiError } from './api-error'

export interface Client {
  api: Api
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}

/** Wraps a bridge (preload or WebSocket) into the typed API: envelopes become values or ApiErrors. */
export function createClient(bridge: Bridge): Client {
  const call = async (method: Method, input: unknown) => {
    const envelope = await (bridge[method] as (input: unknown) => ReturnType<Bridge[Method]>)(input)
    if (envelope.ok) return envelope.value
    throw new ApiError(envelope.error)
  }
  const api = new Proxy({} as Api, {
    get: (_target, method) => (input: unknown) => call(method as Method, input),
  })
  return { api, on: (event, listener) => bridge.on(event, listener) }
}

export const ClientContext = createContext<Client | null>(null)

export function useClient(): Client {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient outside <ClientContext.Provider>')
  return client
}
