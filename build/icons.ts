// The app's icons for every platform, drawn from the one source (src-renderer/public/icon.svg) at build
// time: PNGs of every size Linux desktops ask for (build/icons/NxN.png) and one 1024 px PNG from which
// electron-builder makes the Windows .ico and the macOS .icns. Nothing drawn is committed.
import fs from 'node:fs'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'

const root = path.resolve(import.meta.dirname, '..')
const source = fs.readFileSync(path.join(root, 'src-renderer/public/icon.svg'))
const out = path.join(root, 'build/icons')
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

export function drawIcons(): number {
  fs.mkdirSync(out, { recursive: true })
  for (const size of SIZES) {
    const png = new Resvg(source, { fitTo: { mode: 'width', value: size } }).render().asPng()
    // A PNG starts with its signature; an empty or cut render would not.
    if (png.length < 64 || png.readUInt32BE(0) !== 0x89504e47) throw new Error(`icon ${size}px did not render`)
    fs.writeFileSync(path.join(out, `${size}x${size}.png`), png)
  }
  fs.copyFileSync(path.join(out, '1024x1024.png'), path.join(root, 'build/icon.png'))
  return SIZES.length
}
