// `npm run demo` / `npm run dev`: starts the vendor simulators, then the desktop app where Electron's binary
// exists, otherwise the browser host (the same main services; it prints a URL to open in Chromium or Chrome).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const mode = process.argv.includes('--dev') ? 'dev' : 'demo'
const bin = (name) => path.join(root, 'node_modules/.bin', name)
const hasElectron = fs.existsSync(path.join(root, 'node_modules/electron/path.txt'))
const children = []

const start = (command, args, env = {}) => {
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  })
  children.push(child)
  return child
}
const stopAll = () => children.forEach((child) => child.kill('SIGTERM'))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopAll(), process.exit(0)))

/** Starts `npm run sandbox` on a free port and resolves its origin once it prints it. */
function startSandbox() {
  const sandbox = start(bin('tsx'), ['src-main/demo/simulators/cli.ts', '--port', '0'])
  return new Promise((resolve, reject) => {
    let output = ''
    sandbox.stdout.on('data', (chunk) => {
      output += chunk
      const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (origin && output.includes('Control')) {
        process.stdout.write(output)
        sandbox.stdout.pipe(process.stdout)
        resolve(origin)
      }
    })
    sandbox.on('exit', (code) => reject(new Error(`The vendor simulators exited (${code})`)))
  })
}

const run = (command, args, env) => {
  const child = start(command, args, env)
  child.stdout.pipe(process.stdout)
  child.on('exit', (code) => {
    stopAll()
    process.exit(code ?? 0)
  })
}

const sandbox = await startSandbox()
if (hasElectron) {
  console.log(
    'Starting the desktop app (if Electron reports a NODE_MODULE_VERSION mismatch, run "npm run rebuild:electron").',
  )
  const env = { SOLAR_FIELD_DEMO: '1', SOLAR_FIELD_SANDBOX: sandbox }
  if (mode === 'dev') run(bin('electron-vite'), ['dev'], env)
  else {
    if (spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1)
    // The demo never touches the technician's real data: a throwaway profile each time.
    run(bin('electron'), ['.', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-demo-'))}`], env)
  }
} else {
  console.log("Electron's binary is not installed here: running the browser host instead.")
  const host = ['src-main/host/cli.ts', '--demo', '--sandbox', sandbox]
  if (mode === 'dev') {
    // Rebuild the renderer on change; reload the page to see it.
    spawn(bin('vite'), ['build', '--watch', '--config', 'src-renderer/vite.config.ts'], { cwd: root, stdio: 'inherit' })
    while (!fs.existsSync(path.join(root, 'out/renderer/index.html'))) await new Promise((r) => setTimeout(r, 200))
    run(bin('tsx'), [...host, '--data-dir', path.join(os.homedir(), '.solar-field-dev'), '--port', '5199'])
  } else {
    const build = spawnSync(bin('vite'), ['build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    })
    if (build.status !== 0) process.exit(1)
    run(bin('tsx'), [...host, ...process.argv.slice(2).filter((a) => a !== '--demo')])
  }
}
