// Packages the app with electron-builder.
//   npm run package                  installers of this platform (the release workflow adds --publish)
//   npm run package:check            the unpacked Linux app (dist/linux-unpacked), offline: with a stand-in
//                                    Electron when Electron's own is not installed, no native rebuild
//
// The native module (better-sqlite3) is rebuilt for Electron's ABI in node_modules by electron-builder,
// then copied into app.asar.unpacked; the Node tests' build of it is put back afterwards (keep-native-module).
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type Arch, build, Platform } from 'electron-builder'
import config from './electron-builder.config'
import { drawIcons } from './icons'
import { keepingNativeModule } from './keep-native-module'
import { makeStandInElectron } from './stand-in-electron'

const root = path.resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, publish: { type: 'string', default: 'never' } },
})

const nodeModule = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')

async function main() {
  if (!fs.existsSync(path.join(root, 'out/main/index.js')))
    throw new Error('No built app in out/: run "npm run build" first.')
  drawIcons()
  const overrides: { electronDist?: string; npmRebuild?: boolean } = {}
  let targets: Map<Platform, Map<Arch, string[]>> | undefined
  if (values.check) {
    const installed = fs.existsSync(path.join(root, 'node_modules/electron/dist'))
    if (!installed) {
      overrides.electronDist = makeStandInElectron()
      console.log('package: Electron is not installed here; packaging around a stand-in (it cannot run).')
    }
    // A rebuild for Electron's ABI needs Electron's headers from the network.
    overrides.npmRebuild = false
    targets = Platform.LINUX.createTarget('dir')
  }
  const { restored } = await keepingNativeModule(nodeModule, () =>
    build({
      targets,
      config: { ...config, ...overrides },
      publish: values.publish as 'never' | 'always' | 'onTag',
    }),
  )
  if (restored) console.log('package: put back the Node build of better-sqlite3 for the tests.')
}

main().catch((error) => {
  console.error(`package: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
