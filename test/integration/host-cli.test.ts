import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
const root = path.resolve(import.meta.dirname, '../..')

function runHost(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src-main/host/cli.ts', ...args], { cwd: root })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe('browser host command', () => {
  it('stops with a clear message, and touches nothing, when the database file is damaged', async () => {
    const dataDir = tempDir()
    const rendererDir = tempDir()
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
    const dbFile = path.join(dataDir, 'solar-field.db')
    fs.writeFileSync(dbFile, Buffer.alloc(8192, 0x42))
    const { code, output } = await runHost(['--data-dir', dataDir, '--renderer-dir', rendererDir])
    expect(code).toBe(3)
    expect(output).toContain(`The file ${dbFile} is not a Solar Field database`)
    expect(output).not.toMatch(/at .*\(.*:\d+:\d+\)/) // no stack trace for the technician
    expect(fs.readFileSync(dbFile).equals(Buffer.alloc(8192, 0x42))).toBe(true)
  })

  it('refuses a bad port number', async () => {
    const { code, output } = await runHost(['--port', 'eighty'])
    expect(code).toBe(2)
    expect(output).toContain('--port must be a port number')
  })
})
