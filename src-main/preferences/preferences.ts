// What the technician set up the window as: theme, map view, last selection, window size.
// A port: electron-store in the desktop app (electron-preferences.ts), a JSON file beside the data for
// the browser host. Nothing secret ever goes here.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Preferences, type PreferencesPatch } from '../../src-shared/contract'

export interface PreferencesStore {
  read(): Preferences
  update(patch: PreferencesPatch): Preferences
}

/** Whatever was stored, read through the contract's schema (an unknown or broken value falls back to the default). */
export function readPreferences(stored: unknown): Preferences {
  const parsed = Preferences.safeParse(stored ?? {})
  if (parsed.success) return parsed.data
  const fallback = Preferences.parse({})
  // Keep what still reads; drop what does not.
  const record = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}
  return Object.fromEntries(
    Object.keys(fallback).map((key) => {
      const one = Preferences.shape[key as keyof Preferences].safeParse(record[key])
      return [key, one.success ? one.data : fallback[key as keyof Preferences]]
    }),
  ) as Preferences
}

export class JsonFilePreferences implements PreferencesStore {
  constructor(private readonly file: string) {}

  read(): Preferences {
    try {
      return readPreferences(JSON.parse(fs.readFileSync(this.file, 'utf8')))
    } catch {
      return readPreferences({})
    }
  }

  update(patch: PreferencesPatch): Preferences {
    const next = readPreferences({ ...this.read(), ...patch })
    const text = JSON.stringify(next)
    const staged = `${this.file}.${randomBytes(4).toString('hex')}.tmp`
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    fs.writeFileSync(staged, text)
    if (fs.readFileSync(staged, 'utf8') !== text) throw new Error('Preferences could not be written whole')
    fs.renameSync(staged, this.file)
    return next
  }
}
