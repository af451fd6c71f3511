// A stand-in for Electron's unpacked distribution, for packaging on a machine that cannot download
// Electron (this project's build machines): electron-builder copies it where the real one would go, so
// the app's own files, the asar, its unpacked native module and the fuse settings can all be checked.
// Its executable only says what it is; it carries Electron's fuse wire (the sentinel @electron/fuses looks
// for, then version 1 and Electron's default states), so flipping the fuses is exercised for real.
import fs from 'node:fs'
import path from 'node:path'

export const STAND_IN_DIR = path.resolve(import.meta.dirname, '../.electron-stand-in')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, asar only off, browser V8 snapshot off, file:// privileges on. */
const DEFAULT_FUSES = '10110001'

export function makeStandInElectron(dir = STAND_IN_DIR): string {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true })
  const wire = Buffer.concat([
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_FUSES.length]),
    Buffer.from(DEFAULT_FUSES),
  ])
  const script = Buffer.from(
    '#!/bin/sh\necho "This is a stand-in for Electron, for packaging checks; it cannot run the app." >&2\nexit 1\n# ',
  )
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]), { mode: 0o755 })
  fs.writeFileSync(path.join(dir, 'version'), 'stand-in')
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for packaging checks only.\n')
  return dir
}
