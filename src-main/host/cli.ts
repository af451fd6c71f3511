// `npm run host` / `npm run demo` without Electron: the real services, the renderer in any browser.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { composeServices } from '../composition'
import { startDemoSimulators } from '../demo/demo-simulators'
import { DatabaseOpenError } from '../db/open-database'
import { AppError } from '../errors'
import { consoleSink, createLogger } from '../logging/logger'
import { startDevHost } from './dev-host'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: path.resolve(import.meta.dirname, '../../out/renderer') },
    demo: { type: 'boolean', default: false },
    sandbox: { type: 'string' },
  },
})

const log = createLogger(consoleSink)
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`)
  process.exit(2)
}
if (!fs.existsSync(path.join(values['renderer-dir'], 'index.html'))) {
  console.error(`No built renderer in ${values['renderer-dir']}. Run "npm run build" first.`)
  process.exit(2)
}
// Demo mode without a data dir gets a throwaway one, so a demo never touches real data.
const dataDir =
  values['data-dir'] ??
  (values.demo
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-demo-'))
    : path.join(os.homedir(), '.solar-field-dev'))
const version = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version

try {
  const services = await composeServices({
    dataDir,
    log,
    shell: 'browser-host',
    version,
    demo: values.demo,
    sandboxOrigin: values.sandbox,
    autoSync: Boolean(values.sandbox),
    demoBackend: async () => (await startDemoSimulators()).origin,
  })
  const host = await startDevHost({ services, rendererDir: values['renderer-dir'], log, port })
  console.log(`\nSolar Field (browser host) is running. Data: ${dataDir}`)
  console.log(`Open this URL in Chromium or Chrome:\n\n  ${host.url}\n`)
  const stop = async () => {
    await host.close()
    await services.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
} catch (error) {
  // Problems with the data folder are the user's to fix: say what and where, without a stack.
  if (error instanceof DatabaseOpenError || error instanceof AppError) {
    console.error(`\n${error.message}\n`)
    process.exit(3)
  }
  throw error
}
