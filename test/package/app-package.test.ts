// What `npm run package:check` built (dist/linux-unpacked): the app as it ships, minus a real Electron.
// It holds what runs and nothing else, its native module where it can load, and the hardened fuses.
import fs from 'node:fs'
import path from 'node:path'
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import config, { FUSES } from '../../build/electron-builder.config'

const root = path.resolve(import.meta.dirname, '../..')
const unpacked = path.join(root, 'dist/linux-unpacked')
const asar = path.join(unpacked, 'resources/app.asar')
const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'))
const MB = 1024 * 1024

describe('the packaged app', () => {
  it('holds the entry points it starts from', () => {
    for (const entry of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html'])
      expect(files, entry).toContain(entry)
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string; name: string }
    expect(manifest.main).toBe('out/main/index.js')
  })

  it.each([
    ['tests', /^\/test\//],
    ['sources', /^\/src-(main|preload|renderer|shared)\//],
    ['migrations as sources', /^\/migrations\//],
    ['docs', /^\/docs\//],
    ['source maps', /\.map$/],
    ['caches', /node_modules\/\.cache\//],
    ['reports and results', /^\/(test-results|playwright-report|coverage|dist|bench-results\.json)/],
    ['native sources and leftovers', /better-sqlite3\/(src|deps|build\/Release\/obj)\/|test_extension\.node$/],
    ['the renderer’s libraries (Vite bundles them)', /node_modules\/(react|react-dom|maplibre-gl|uplot|@tanstack)\//],
  ])('holds no %s', (_what, pattern) => expect(files.filter((f) => pattern.test(f))).toEqual([]))

  it(`is smaller than 40 MB`, () => expect(fs.statSync(asar).size).toBeLessThan(40 * MB))

  it('keeps better-sqlite3’s compiled module out of the asar, where it can be loaded', () => {
    const native = path.join(
      unpacked,
      'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    )
    expect(fs.statSync(native).size).toBeGreaterThan(100_000)
  })

  it('hardens the binary: no running as Node, no NODE_OPTIONS or --inspect, cookies encrypted, only the checked asar', async () => {
    expect(config.electronFuses).toEqual(FUSES)
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
    // Flipped in the packaged executable itself (a real Electron, or the stand-in carrying its fuse wire).
    const wire = await getCurrentFuseWire(path.join(unpacked, 'solar-field'))
    const on = (option: FuseV1Options) => String.fromCharCode(wire[option] as number)
    expect(on(FuseV1Options.RunAsNode)).toBe('0')
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
  })

  it('registers the solarfield:// links and names its icons, targets and update feed', () => {
    expect(config.protocols).toEqual([{ name: 'Solar Field link', schemes: ['solarfield'] }])
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false })
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true })
    expect(fs.readFileSync(path.join(unpacked, 'resources/app-update.yml'), 'utf8')).toMatch(/provider: github/)
    for (const size of [16, 32, 48, 128, 256, 512])
      expect(fs.existsSync(path.join(root, `build/icons/${size}x${size}.png`)), `${size}px`).toBe(true)
  })
})
