import { BrowserWindow, nativeTheme, screen } from 'electron'
import { MIN_WINDOW, restoredBounds } from '../desktop/window-bounds'
import type { WindowBounds } from '../preferences/electron-preferences'
import { secureWebPreferences } from '../security/web-preferences'

export function createMainWindow(options: {
  preloadPath: string
  url: string
  /** Where the window was left last time. */
  bounds: WindowBounds | null
  /** Called as it moves and resizes, so the next start opens it there. */
  onBounds: (bounds: WindowBounds) => void
}): BrowserWindow {
  const last = options.bounds
  // Where it was left, if that is still on a screen (a monitor unplugged since must not hide the window).
  const bounds = restoredBounds(
    last,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const window = new BrowserWindow({
    ...bounds,
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
