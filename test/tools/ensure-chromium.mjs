// Makes sure Debian's Chromium is present for the e2e tests (Playwright cannot download a browser here).
// Installs it with apt-get when running as root; otherwise says exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PACKAGES = ['chromium', 'fonts-dejavu-core']

if (fs.existsSync(CHROMIUM)) {
  const version = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim()
  console.log(`e2e browser: ${version || CHROMIUM}`)
  process.exit(0)
}

const isRoot = process.getuid?.() === 0
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
if (!isRoot || !hasApt) {
  console.error(`Chromium is missing at ${CHROMIUM}. Install it first: sudo apt-get install -y ${PACKAGES.join(' ')}`)
  console.error('(or set CHROMIUM_PATH to a Chromium/Chrome binary)')
  process.exit(1)
}

console.log(`Installing ${PACKAGES.join(', ')} with apt-get for the e2e tests…`)
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
execFileSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env })
