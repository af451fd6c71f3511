import { BrowserWindow } from 'electron'
import { secureWebPreferences } from '../security/web-preferences'

export function createMainWindow({ preloadPath, url }: { preloadPath: string; url: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Solar Field',
    show: false,
    backgroundColor: '#f4f6f8',
    webPreferences: secureWebPreferences(preloadPath),
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
