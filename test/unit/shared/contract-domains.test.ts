// The contract is one file per domain, merged in one index. A method named in two domains would be
// silently overwritten by the merge; a file that grows past a screenful stops being one domain.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { contract, DOMAINS } from '../../../src-shared/contract'

const DIR = path.resolve(__dirname, '../../../src-shared/contract')

describe('the contract, split by domain', () => {
  it('names each method in exactly one domain, and the merged contract holds them all', () => {
    const named = Object.values(DOMAINS).flatMap((methods) => Object.keys(methods))
    expect(new Set(named).size).toBe(named.length)
    expect(Object.keys(contract).sort()).toEqual([...named].sort())
  })

  it('prefixes each method with the name of a domain that owns it', () => {
    const prefixes: Record<string, string[]> = {
      app: ['app', 'preferences', 'updates'],
      accounts: ['accounts', 'network'],
      projects: ['projects'],
      sync: ['sync', 'outbox', 'conflicts'],
      files: ['attachments'],
      monitoring: ['monitoring'],
      maps: ['maps'],
    }
    for (const [domain, methods] of Object.entries(DOMAINS))
      for (const method of Object.keys(methods)) expect(prefixes[domain]).toContain(method.split('.')[0])
  })

  it('keeps every domain file under 300 lines', () => {
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
      const lines = readFileSync(path.join(DIR, file), 'utf8').split('\n').length
      expect({ file, short: lines < 300 }).toEqual({ file, short: true })
    }
  })

  it('keeps the values the renderer may load free of zod (they are bundled into the window)', () => {
    const vendors = path.resolve(DIR, '../vendors')
    const plain = [
      ...['constants.ts', 'data-flow.ts'].map((f) => path.join(DIR, f)),
      ...readdirSync(vendors).map((f) => path.join(vendors, f)),
    ]
    for (const file of plain) {
      const imports = readFileSync(file, 'utf8').match(/^import .*$/gm) ?? []
      // Only types, or the plain files beside them (the profiles' index lists its vendors).
      const runtime = imports.filter((line) => !line.startsWith('import type ') && !/from '\.\/\w+'$/.test(line))
      expect({ file, runtime }).toEqual({
        file,
        runtime: [],
      })
    }
  })
})
