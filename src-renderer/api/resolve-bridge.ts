import type { Bridge } from '../../src-shared/contract'
import { createWebSocketBridge } from './ws-bridge'

const TOKEN_KEY = 'solar-field.host-token'

/**
 * In Electron the preload has put the bridge on window. Without it we are a browser tab opened
 * on the dev host's URL, whose fragment carries the token; it is moved to sessionStorage and
 * scrubbed from the address bar so it does not end up in history or a screenshot.
 */
export function resolveBridge(win: Window = window): Bridge {
  const native = (win as unknown as { solarField?: Bridge }).solarField
  if (native) return native
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token')
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash)
    win.history.replaceState(null, '', win.location.pathname + win.location.search)
  }
  const token = fromHash ?? win.sessionStorage.getItem(TOKEN_KEY)
  if (!token) {
    throw new Error('Open Solar Field from the desktop app, or use the full URL (with #token=…) that the host printed.')
  }
  return createWebSocketBridge(`ws://${win.location.host}/ipc`, token)
}
