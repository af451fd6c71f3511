import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { buildMenuTemplate } from '../../../src-main/desktop/menu-template'
import { type AppCommand, commandForKey } from '../../../src-shared/commands'

const items = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  menu.flatMap((m) => [m, ...items(Array.isArray(m.submenu) ? m.submenu : [])])
const build = (platform: NodeJS.Platform, development = false) => {
  const sent: AppCommand[] = []
  const menu = buildMenuTemplate({ platform, development, send: (c) => sent.push(c) })
  return { menu, all: items(menu), sent }
}

describe('the application menu', () => {
  it.each([
    ['darwin', ['Solar Field', 'File', 'Edit', 'View', 'Window', 'Help']],
    ['win32', ['File', 'Edit', 'View', 'Window', 'Help']],
    ['linux', ['File', 'Edit', 'View', 'Window', 'Help']],
  ] as const)('on %s has %j', (platform, labels) => expect(build(platform).menu.map((m) => m.label)).toEqual(labels))

  it.each(['darwin', 'win32', 'linux'] as const)('on %s has no reload or developer tools in production', (platform) => {
    const roles = build(platform).all.map((i) => i.role)
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(role)
    expect(build(platform, true).all.map((i) => i.role)).toContain('toggleDevTools')
  })

  it('puts Settings and About in the app menu on macOS, in File and Help elsewhere', () => {
    const mac = build('darwin').menu[0]!.submenu as MenuItemConstructorOptions[]
    expect(mac.map((i) => i.label ?? i.role)).toEqual(
      expect.arrayContaining(['About Solar Field', 'Settings', 'services', 'hide', 'quit']),
    )
    const linux = build('linux').menu
    const labels = (i: number) => (linux[i]!.submenu as MenuItemConstructorOptions[]).map((m) => m.label ?? m.role)
    expect(labels(0)).toEqual([
      'New project',
      'Sync now',
      undefined,
      'Export diagnostics…',
      undefined,
      'Settings',
      undefined,
      'quit',
    ])
    expect(labels(4)).toContain('About Solar Field')
  })

  it('shows each command’s keys (Ctrl+R is Sync now, not Reload), which the window handles', () => {
    const { all } = build('linux')
    const keys = Object.fromEntries(all.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator]))
    expect(keys).toMatchObject({
      'New project': 'CmdOrCtrl+N',
      'Find a project': 'CmdOrCtrl+F',
      'Sync now': 'CmdOrCtrl+R',
      Settings: 'CmdOrCtrl+,',
      'Keyboard shortcuts': 'CmdOrCtrl+/',
    })
    expect(all.filter((i) => i.accelerator).every((i) => i.registerAccelerator === false)).toBe(true)
  })

  it('sends a command to the window when its item is chosen', () => {
    const { all, sent } = build('win32')
    for (const label of ['Sync now', 'Export diagnostics…', 'About Solar Field'])
      (all.find((i) => i.label === label)!.click as () => void)()
    expect(sent).toEqual(['syncNow', 'exportDiagnostics', 'about'])
  })
})

describe('the keys the window listens for', () => {
  const press = (key: string, over: Partial<Parameters<typeof commandForKey>[0]> = {}) =>
    commandForKey({ key, ctrlKey: false, metaKey: false, altKey: false, typing: false, ...over })
  it.each([
    ['Ctrl+N', press('n', { ctrlKey: true }), 'newProject'],
    ['⌘F', press('f', { metaKey: true }), 'find'],
    ['Ctrl+R', press('r', { ctrlKey: true }), 'syncNow'],
    ['Ctrl+,', press(',', { ctrlKey: true }), 'settings'],
    ['Ctrl+/', press('/', { ctrlKey: true }), 'shortcuts'],
    ['? outside a field', press('?'), 'shortcuts'],
    ['? while typing', press('?', { typing: true }), null],
    ['Ctrl+Alt+N (another program’s)', press('n', { ctrlKey: true, altKey: true }), null],
    ['a plain letter', press('n'), null],
  ])('%s', (_name, got, want) => expect(got).toBe(want))
})
