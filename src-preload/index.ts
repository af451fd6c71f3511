// Runs sandboxed, bundled into one CommonJS file. Exposes `window.solarField` and nothing else:
// no raw ipcRenderer, no Node, no event objects (they would leak the sender).
import { contextBridge, ipcRenderer } from 'electron'
import {
  BRIDGE_GLOBAL,
  type Bridge,
  contract,
  eventChannel,
  invokeChannel,
  isEventName,
  type Method,
} from '../src-shared/contract'
import { createBridge } from './create-bridge'

const bridge = createBridge(Object.keys(contract) as Method[], {
  invoke: (method, input) => ipcRenderer.invoke(invokeChannel(method), input),
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`)
    const channel = eventChannel(event)
    const relay = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, relay)
    return () => ipcRenderer.removeListener(channel, relay)
  },
}) satisfies Bridge

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
