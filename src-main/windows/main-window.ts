import { BrowserWindow, nativeTheme } from 'electron'
import type { WindowBounds } from '../preferences/electron-preferences'
import { secureWebPreferences } from '../security/web-preferences'

/** Below this the map, the list and the detail pane no longer fit side by side (issue 11 §6). */
export const MIN_WINDOW = { width: 1024, height: 700 }

export function createMainWindow(options: {
  preloadPath: string
  url: string
  /** Where the window was left last time. */
  bounds: WindowBounds | null
  /** Called as it moves and resizes, so the next start opens it there. */
  onBounds: (bounds: WindowBounds) => void
}): BrowserWindow {
  const last = options.bounds
  const window = new BrowserWindow({
    width: Math.max(MIN_WINDOW.width, last?.width ?? 1440),
    height: Math.max(MIN_WINDOW.height, last?.height ?? 900),
    ...(last?.x !== undefined && last.y !== undefined ? { x: last.x, y: last.y } : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Solar Field',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16191d' : '#f4f6f8',
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  window.once('ready-to-show', () => {
    if (last?.maximized) window.maximize()
    window.show()
  })
  const remember = () => {
    if (window.isMinimized()) return
    options.onBounds({ ...window.getNormalBounds(), maximized: window.isMaximized() })
  }
  window.on('resized', remember)
  window.on('moved', remember)
  window.on('close', remember)
  void window.loadURL(options.url)
  return window
}
