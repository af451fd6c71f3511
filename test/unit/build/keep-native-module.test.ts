import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { keepingNativeModule } from '../../../build/keep-native-module'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()

describe('the Node build of a native module, around packaging', () => {
  const module = () => {
    const file = path.join(tempDir(), 'better_sqlite3.node')
    fs.writeFileSync(file, 'built for Node')
    return file
  }

  it('is put back when a rebuild for Electron fails half-way, leaving nothing', async () => {
    const file = module()
    const failing = keepingNativeModule(file, async () => {
      fs.rmSync(file)
      throw new Error('gyp: no headers for Electron')
    })
    await expect(failing).rejects.toThrow('no headers')
    expect(fs.readFileSync(file, 'utf8')).toBe('built for Node')
  })

  it('is put back when a rebuild succeeds (the app has its copy in app.asar.unpacked)', async () => {
    const file = module()
    const { restored } = await keepingNativeModule(file, async () => fs.writeFileSync(file, 'built for Electron'))
    expect(restored).toBe(true)
    expect(fs.readFileSync(file, 'utf8')).toBe('built for Node')
  })

  it('is left alone when nothing touched it', async () => {
    const file = module()
    expect((await keepingNativeModule(file, async () => 42)).result).toBe(42)
    expect(fs.readFileSync(file, 'utf8')).toBe('built for Node')
  })
})
