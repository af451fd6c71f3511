import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs()
const root = path.resolve(import.meta.dirname, '../..')

function startHost(args: string[]) {
  // One process (node with tsx's loader), not tsx's wrapper: a signal must reach the host itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/host/cli.ts', ...args], { cwd: root })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    }),
  )
  /** Resolves once the host says it is running (its URL printed). */
  const running = async () => {
    let ended = false
    void exited.then(() => (ended = true))
    while (!output.includes('#token=')) {
      if (ended) throw new Error(`host exited: ${output}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { child, exited, running }
}

const runHost = (args: string[]) => startHost(args).exited

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

  it('refuses a second host on the same data folder, and takes it once the first is killed', async () => {
    const dataDir = tempDir()
    const rendererDir = tempDir()
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
    const args = ['--data-dir', dataDir, '--renderer-dir', rendererDir, '--port', '0']
    const first = startHost(args)
    await first.running()
    const second = await runHost(args)
    expect(second.code).toBe(3)
    expect(second.output).toContain('is in use by another Solar Field')
    expect(second.output).not.toMatch(/at .*\(.*:\d+:\d+\)/)
    first.child.kill('SIGKILL') // no clean exit: the lock must not outlive the process
    await first.exited
    const third = startHost(args)
    await third.running()
    third.child.kill('SIGTERM')
    await third.exited
  })

  it('says plainly, without a stack, that it cannot write its attachments folder', async () => {
    const dataDir = tempDir()
    const rendererDir = tempDir()
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
    // A file where the folder should be: refused alike for root (which no permission stops) and others.
    fs.writeFileSync(path.join(dataDir, 'attachments'), 'not a folder')
    const { code, output } = await runHost(['--data-dir', dataDir, '--renderer-dir', rendererDir, '--port', '0'])
    expect(code).toBe(3)
    expect(output).toContain(`Solar Field cannot write to its attachments folder (${path.join(dataDir, 'attachments')}`)
    expect(output).not.toMatch(/at .*\(.*:\d+:\d+\)/)
  })
})
