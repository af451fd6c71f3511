// The desktop app's preferences, in electron-store (a JSON file in userData, written atomically by it).
import Store from 'electron-store'
import type { PreferencesPatch } from '../../src-shared/contract'
import { type PreferencesStore, readPreferences } from './preferences'

/** The window's last size and place: main's own, never sent to the renderer. */
export interface WindowBounds {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

export class ElectronPreferences implements PreferencesStore {
  private readonly store = new Store<{ preferences: unknown; window: WindowBounds | null }>({
    name: 'preferences',
    defaults: { preferences: {}, window: null },
  })

  read() {
    return readPreferences(this.store.get('preferences'))
  }

  update(patch: PreferencesPatch) {
    const next = readPreferences({ ...this.read(), ...patch })
    this.store.set('preferences', next)
    return next
  }

  get windowBounds(): WindowBounds | null {
    return this.store.get('window')
  }

  set windowBounds(bounds: WindowBounds | null) {
    this.store.set('window', bounds)
  }
}
