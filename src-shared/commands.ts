// What the technician can ask the app to do from the menu or the keyboard: one table, read by main (the
// application menu, which shows the keys) and by the window (which listens for them, in the desktop app
// and in the browser host alike). Plain data: no library, nothing of either process.

export type AppCommand = 'newProject' | 'find' | 'syncNow' | 'settings' | 'shortcuts' | 'exportDiagnostics' | 'about'

export interface CommandSpec {
  command: AppCommand
  label: string
  /** The key with Ctrl (⌘ on macOS), as Electron writes an accelerator's key; null: menu only. */
  key: string | null
}

export const COMMANDS: readonly CommandSpec[] = [
  { command: 'newProject', label: 'New project', key: 'N' },
  { command: 'find', label: 'Find a project', key: 'F' },
  // Not Reload: a technician pressing Ctrl+R wants the vendors asked, not the window torn down.
  { command: 'syncNow', label: 'Sync now', key: 'R' },
  { command: 'settings', label: 'Settings', key: ',' },
  { command: 'shortcuts', label: 'Keyboard shortcuts', key: '/' },
  { command: 'exportDiagnostics', label: 'Export diagnostics…', key: null },
  { command: 'about', label: 'About Solar Field', key: null },
]

/** Keys that work without Ctrl/⌘, when not typing in a field. */
export const PLAIN_KEYS: Readonly<Record<string, AppCommand>> = { '?': 'shortcuts' }

/** Keys of the workspace itself, for the shortcuts sheet (handled where they apply). */
export const WORKSPACE_KEYS: readonly { keys: string; label: string }[] = [
  { keys: '/  or  Ctrl+K', label: 'Search' },
  { keys: '↑ ↓', label: 'Move through the list' },
  { keys: 'Enter', label: 'Edit the selected project' },
  { keys: 'Esc', label: 'Clear the search, close a panel or dialog' },
]

export const accelerator = (spec: CommandSpec): string | undefined =>
  spec.key === null ? undefined : `CmdOrCtrl+${spec.key}`

/** The command a key press asks for, if any: Ctrl (or ⌘) + a command's key, or a plain key outside a field. */
export function commandForKey(press: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  typing: boolean
}): AppCommand | null {
  if (press.altKey) return null
  if (press.ctrlKey || press.metaKey) {
    const key = press.key.length === 1 ? press.key.toUpperCase() : press.key
    return COMMANDS.find((spec) => spec.key === key)?.command ?? null
  }
  return press.typing ? null : (PLAIN_KEYS[press.key] ?? null)
}
