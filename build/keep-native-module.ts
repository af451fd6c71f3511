// electron-builder rebuilds a native module for Electron's ABI in node_modules, in place; the Node tests
// load that same file. It is kept aside before the work and put back after it, whatever happened: a
// rebuild that fails half-way (no headers offline, a compiler error) must not leave the tests without it.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

/** Runs `work`; afterwards `file` is as it was before (restored if the work changed or removed it). */
export async function keepingNativeModule<T>(
  file: string,
  work: () => Promise<T>,
): Promise<{ result: T; restored: boolean }> {
  // Kept outside node_modules, so it is never packaged itself.
  const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-native-'))
  const kept = path.join(aside, path.basename(file))
  fs.copyFileSync(file, kept)
  const before = sha(kept)
  const putBack = (): boolean => {
    if (fs.existsSync(file) && sha(file) === before) return false
    fs.copyFileSync(kept, file)
    if (sha(file) !== before) throw new Error(`${file} could not be put back as it was`)
    return true
  }
  let result!: T
  let restored = false
  try {
    result = await work()
  } finally {
    restored = putBack()
    fs.rmSync(aside, { recursive: true, force: true })
  }
  return { result, restored }
}
