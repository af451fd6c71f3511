// A vendor is a folder (src-main/providers/<vendor>/: client, schemas, capabilities, module.ts), a
// profile (src-shared/vendors/<vendor>.ts: what every process may know of it) and a row in the lists. Anywhere else, code asks those lists instead of naming a vendor,
// so a fifth vendor is a folder and a row, and a vendor's rules are found in one place.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../../..')
const VENDOR = /['"`](opensolar|easypv|aurora|locus)['"`]|\b(opensolar|easypv|aurora|locus)\s*:/

/** Where naming the vendors is the point, and why. */
const ALLOWED: { where: RegExp; why: string }[] = [
  { where: /^src-main\/providers\/(opensolar|easypv|aurora|locus)\//, why: 'the vendor’s own folder' },
  { where: /^src-main\/providers\/vendors\.ts$/, why: 'the one list of vendor modules' },
  { where: /^src-main\/demo\//, why: 'the demo world and the simulators, which play the vendors' },
  { where: /^src-shared\/vendors\//, why: 'each vendor’s profile: names, colour, address, account form' },
  { where: /^src-shared\/contract\/constants\.ts$/, why: 'the list of vendors and their enumerations' },
  {
    where: /^src-shared\/contract\/accounts\.ts$/,
    why: 'each vendor’s account settings and secrets, as the form sends them',
  },
  { where: /^migrations\//, why: 'history: a migration is never changed once shipped' },
]

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sources(relative)
    return /\.(ts|tsx)$/.test(name) ? [relative] : []
  })
}

describe('vendors as modules', () => {
  it('names no vendor outside its folder and the lists of them', () => {
    const naming = ['src-main', 'src-shared', 'src-renderer', 'src-preload', 'migrations']
      .flatMap(sources)
      .filter((file) => !ALLOWED.some((a) => a.where.test(file)))
      .flatMap((file) =>
        readFileSync(path.join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => (VENDOR.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) ? [`${file}:${i + 1}`] : [])),
      )
    expect(naming).toEqual([])
  })
})
