import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')

// The short version of `npm run chaos`: the real sync engine in child processes SIGKILLed at random
// instants against the simulators (which also lose answers and fail at random), until the queue drains.
describe('crash harness (short)', () => {
  it('loses, duplicates and garbles nothing', { timeout: 240_000 }, async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/chaos/chaos.ts', '--trials', '1', '--ops', '12', '--seed', '20261125'],
        { cwd: root },
      )
      let output = ''
      child.stdout.on('data', (d: Buffer) => (output += d.toString()))
      child.stderr.on('data', (d: Buffer) => (output += d.toString()))
      child.on('exit', (exitCode) => resolve({ code: exitCode, output }))
    })
    expect(output).toMatch(/^chaos: trials=1 ops=12 lost=0 duplicated=0 wrong=0$/m)
    expect(code).toBe(0)
  })
})
