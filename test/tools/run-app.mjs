// `npm run demo` / `npm run dev`: the desktop app where Electron's binary exists; otherwise the dev host,
// which runs the same main services and prints a URL to open in Chromium or Chrome.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const mode = process.argv.includes('--dev') ? 'dev' : 'demo'
const bin = (name) => path.join(root, 'node_modules/.bin', name)
const hasElectron = fs.existsSync(path.join(root, 'node_modules/electron/path.txt'))

const run = (command, args, env = {}) => {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
  return child
}

if (hasElectron) {
  console.log(
    'Starting the desktop app (if Electron reports a NODE_MODULE_VERSION mismatch, run "npm run rebuild:electron").',
  )
  // The demo never touches the technician's real data: a throwaway profile each time.
  const profile =
    mode === 'demo' ? [`--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-demo-'))}`] : []
  if (mode === 'dev') run(bin('electron-vite'), ['dev'], { SOLAR_FIELD_DEMO: '1' })
  else {
    if (spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1)
    run(bin('electron'), ['.', ...profile], { SOLAR_FIELD_DEMO: '1' })
  }
} else {
  console.log("Electron's binary is not installed here: running the browser host instead.")
  if (mode === 'dev') {
    // Rebuild the renderer on change; reload the page to see it.
    spawn(bin('vite'), ['build', '--watch', '--config', 'src-renderer/vite.config.ts'], { cwd: root, stdio: 'inherit' })
    const index = path.join(root, 'out/renderer/index.html')
    while (!fs.existsSync(index)) await new Promise((r) => setTimeout(r, 200))
    run(bin('tsx'), [
      'src-main/host/cli.ts',
      '--demo',
      '--data-dir',
      path.join(os.homedir(), '.solar-field-dev'),
      '--port',
      '5199',
    ])
  } else {
    if (
      spawnSync(bin('vite'), ['build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn'], {
        cwd: root,
        stdio: 'inherit',
      }).status !== 0
    ) {
      process.exit(1)
    }
    run(bin('tsx'), ['src-main/host/cli.ts', '--demo', ...process.argv.slice(2).filter((a) => a !== '--demo')])
  }
}
