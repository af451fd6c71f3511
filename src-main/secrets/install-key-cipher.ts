// The browser host's cipher: AES-256-GCM under a random key made once per install and kept outside
// the data folder (a copied data folder alone does not give the secrets away).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Cipher } from './secret-store'

/** $XDG_CONFIG_HOME/solar-field/install.key (or ~/.config/…), unless told otherwise. */
export function defaultInstallKeyFile(): string {
  const config = process.env['XDG_CONFIG_HOME'] || path.join(os.homedir(), '.config')
  return path.join(config, 'solar-field', 'install.key')
}

export class InstallKeyCipher implements Cipher {
  readonly protection = 'install-key' as const
  readonly backend = 'install key'
  private readonly key: Buffer

  constructor(keyFile = defaultInstallKeyFile()) {
    this.key = readOrCreateKey(keyFile)
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  }

  decrypt(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12))
    decipher.setAuthTag(sealed.subarray(12, 28))
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
  }
}

function readOrCreateKey(file: string): Buffer {
  try {
    const key = fs.readFileSync(file)
    if (key.length === 32) return key
    throw new Error(`${file} is not a Solar Field install key (it should be 32 bytes)`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(32)
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  // 'wx': two hosts starting at once must not each write their own key.
  try {
    fs.writeFileSync(file, key, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKey(file)
    throw error
  }
  if (!fs.readFileSync(file).equals(key)) throw new Error(`${file} could not be written whole`)
  return key
}
