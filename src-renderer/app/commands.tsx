// Commands (src-shared/commands.ts) reach the window two ways: the application menu sends them (the
// desktop app), and their keys are pressed in the window (both shells). Each part of the window that
// carries one out registers for it while it is on screen; a command nobody has registered is ignored
// (New project in Settings, say).
import { createContext, useContext, useEffect, useRef, useState } from 'react'
import type { AppCommandEvent } from '../../src-shared/contract'
import { type AppCommand, commandForKey } from '../../src-shared/commands'
import { useClient } from '../api/api'

type Handler = (event: AppCommandEvent) => void

class CommandRegistry {
  private readonly handlers = new Map<AppCommandEvent['command'], Handler[]>()

  register(command: AppCommandEvent['command'], handler: Handler): () => void {
    const list = this.handlers.get(command) ?? []
    list.push(handler)
    this.handlers.set(command, list)
    return () =>
      this.handlers.set(
        command,
        (this.handlers.get(command) ?? []).filter((h) => h !== handler),
      )
  }

  /** The most recently registered handler runs (the part of the window in front). */
  run(event: AppCommandEvent): boolean {
    const handler = this.handlers.get(event.command)?.at(-1)
    handler?.(event)
    return Boolean(handler)
  }
}

const Registry = createContext<CommandRegistry | null>(null)

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLElement && target.isContentEditable)

/** Listens for the menu's commands and the commands' keys, for the whole window. */
export function CommandsProvider({ children }: { children: React.ReactNode }) {
  const { on } = useClient()
  const [registry] = useState(() => new CommandRegistry())
  useEffect(() => on('app.command', (event) => void registry.run(event)), [on, registry])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return
      const command = commandForKey({ ...pick(event), typing: typingIn(event.target) })
      // The browser's own use of the key (its find bar, a new window, reload) gives way to the app's.
      if (command && registry.run({ command })) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [registry])
  return <Registry.Provider value={registry}>{children}</Registry.Provider>
}

const pick = (e: KeyboardEvent) => ({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey })

/** Carries out `command` while the calling component is on screen. */
export function useCommand<C extends AppCommand | 'openProject'>(
  command: C,
  handler: (event: Extract<AppCommandEvent, { command: C }>) => void,
): void {
  const registry = useContext(Registry)
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(
    () => registry?.register(command, (event) => latest.current(event as Extract<AppCommandEvent, { command: C }>)),
    [registry, command],
  )
}
