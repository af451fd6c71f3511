// The application menu, built per platform: macOS's app menu first (About, Settings, Services, Hide,
// Quit), elsewhere File, Edit, View, Window, Help. The app's own commands send themselves to the window,
// which also listens for their keys: the menu shows the keys (registerAccelerator: false), so one key
// press runs a command once, in the desktop app as in the browser host. Reload and the developer tools
// exist only in development. Pure: Electron's types only, so it is tested under Node.
import type { MenuItemConstructorOptions } from 'electron'
import { accelerator, type AppCommand, COMMANDS } from '../../src-shared/commands'

export interface MenuOptions {
  platform: NodeJS.Platform
  development: boolean
  /** Sends a command to the window (the focused one, or the one there is). */
  send: (command: AppCommand) => void
}

export function buildMenuTemplate({ platform, development, send }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const item = (command: AppCommand): MenuItemConstructorOptions => {
    const spec = COMMANDS.find((c) => c.command === command)!
    const keys = accelerator(spec)
    return {
      label: spec.label,
      click: () => send(command),
      ...(keys ? { accelerator: keys, registerAccelerator: false } : {}),
    }
  }
  const separator: MenuItemConstructorOptions = { type: 'separator' }
  const appMenu: MenuItemConstructorOptions = {
    label: 'Solar Field',
    submenu: [
      item('about'),
      separator,
      item('settings'),
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('newProject'),
      item('syncNow'),
      separator,
      item('exportDiagnostics'),
      ...(mac
        ? [separator, { role: 'close' } as const]
        : [separator, item('settings'), separator, { role: 'quit' } as const]),
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      item('find'),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(development
        ? [
            separator,
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
          ]
        : []),
    ],
  }
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  }
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [item('shortcuts'), ...(mac ? [] : [separator, item('about')])],
  }
  return [...(mac ? [appMenu] : []), file, edit, view, window, help]
}
