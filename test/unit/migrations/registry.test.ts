import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations'

const folder = path.resolve(import.meta.dirname, '../../../migrations')

describe('migration registry', () => {
  it('lists every numbered migration file, in order, and nothing else', () => {
    const files = fs
      .readdirSync(folder)
      .filter((f) => /^\d{4}-.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
    expect(Object.keys(migrations)).toEqual(files)
  })

  it('numbers migrations consecutively from 0001', () => {
    Object.keys(migrations).forEach((name, index) => expect(name.slice(0, 4)).toBe(String(index + 1).padStart(4, '0')))
  })

  it('gives each migration its own test', () => {
    for (const name of Object.keys(migrations)) {
      expect(fs.existsSync(path.join(import.meta.dirname, `${name}.test.ts`)), `${name}.test.ts`).toBe(true)
    }
  })
})
