// Account secrets (tokens, API keys, client secrets, passwords, Locus refresh tokens), encrypted at rest
// in the data folder, one file, never in the database and never sent to a window. The cipher is a port:
// Electron's safeStorage in the desktop app (safe-storage-cipher.ts), an install key kept outside the
// data folder in the browser host (install-key-cipher.ts).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SecretSource } from '../providers/create-provider'
import type { SecretRedactor } from './secret-redactor'

/**
 * How well a cipher protects: 'os' = the OS keyring holds its key; 'install-key' = a key file outside the
 * data folder; 'weak' = a key anyone with the files can read (Linux safeStorage's basic_text backend):
 * secrets are kept on disk with it only if the technician agreed.
 */
export type Protection = 'os' | 'install-key' | 'weak'

export interface Cipher {
  readonly protection: Protection
  /** The backend's name, for the Settings view ("gnome_libsecret", "basic_text", "install key"). */
  readonly backend: string
  encrypt(plain: string): Buffer
  decrypt(sealed: Buffer): string
}

interface SecretsFile {
  version: 1
  /** The technician agreed to keep secrets on disk with weak protection. */
  weakProtectionAccepted?: boolean
  /** "<account>:<name>" → base64 ciphertext. */
  secrets: Record<string, string>
}

const key = (accountId: string, name: string) => `${accountId}:${name}`

export class SecretStore implements SecretSource {
  private file: SecretsFile = { version: 1, secrets: {} }
  /** Secrets not allowed on disk (weak protection, not agreed): kept for this run only. */
  private readonly memory = new Map<string, string>()
  private loaded = false

  constructor(
    private readonly filePath: string,
    private readonly cipher: Cipher,
    /** Told every secret held, as soon as it is read or saved, so none can leave in a vendor's words. */
    private readonly redactor?: SecretRedactor,
  ) {}

  get protection(): Protection {
    return this.cipher.protection
  }

  get backend(): string {
    return this.cipher.backend
  }

  /** Whether secrets may be written to disk: always, unless the protection is weak and not agreed to. */
  get persists(): boolean {
    this.load()
    return this.cipher.protection !== 'weak' || this.file.weakProtectionAccepted === true
  }

  // Async, as SecretSource is: a failure (an unreadable file) is a rejection, never a throw.
  async acceptWeakProtection(): Promise<void> {
    this.load()
    this.file.weakProtectionAccepted = true
    for (const [k, value] of this.memory) this.file.secrets[k] = this.cipher.encrypt(value).toString('base64')
    this.memory.clear()
    this.save()
  }

  async get(accountId: string, name: string): Promise<string | null> {
    this.load()
    const k = key(accountId, name)
    const remembered = this.memory.get(k)
    if (remembered !== undefined) return remembered
    const sealed = this.file.secrets[k]
    const value = sealed === undefined ? null : this.cipher.decrypt(Buffer.from(sealed, 'base64'))
    this.redactor?.learn(value)
    return value
  }

  /** Names of the secrets an account has saved (the Settings view shows "saved", never the value). */
  saved(accountId: string): string[] {
    this.load()
    const prefix = `${accountId}:`
    return [...new Set([...Object.keys(this.file.secrets), ...this.memory.keys()])]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
  }

  async set(accountId: string, name: string, value: string | null): Promise<void> {
    this.load()
    this.redactor?.learn(value)
    const k = key(accountId, name)
    this.memory.delete(k)
    if (value === null) delete this.file.secrets[k]
    else if (this.persists) this.file.secrets[k] = this.cipher.encrypt(value).toString('base64')
    else {
      delete this.file.secrets[k]
      this.memory.set(k, value)
    }
    this.save()
  }

  /** Forgets every secret of an account (it is being removed). */
  async removeAccount(accountId: string): Promise<void> {
    this.load()
    for (const k of Object.keys(this.file.secrets)) if (k.startsWith(`${accountId}:`)) delete this.file.secrets[k]
    for (const k of [...this.memory.keys()]) if (k.startsWith(`${accountId}:`)) this.memory.delete(k)
    this.save()
  }

  private load(): void {
    if (this.loaded) return
    this.loaded = true
    let text: string
    try {
      text = fs.readFileSync(this.filePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    const parsed = JSON.parse(text) as SecretsFile
    if (parsed.version !== 1 || typeof parsed.secrets !== 'object')
      throw new Error(`${this.filePath} is not a Solar Field secrets file`)
    this.file = parsed
    // Every secret on disk is known to the redactor from the start, used yet or not.
    if (this.redactor)
      for (const sealed of Object.values(parsed.secrets)) {
        try {
          this.redactor.learn(this.cipher.decrypt(Buffer.from(sealed, 'base64')))
        } catch {
          // One that cannot be decrypted (the keyring changed) is reported when it is asked for.
        }
      }
  }

  /** Written beside, flushed, read back and compared, then renamed over: never a half-written file. */
  private save(): void {
    const text = JSON.stringify(this.file)
    const staged = `${this.filePath}.${randomBytes(4).toString('hex')}.tmp`
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true })
    const handle = fs.openSync(staged, 'wx', 0o600)
    try {
      fs.writeFileSync(handle, text)
      fs.fsyncSync(handle)
    } finally {
      fs.closeSync(handle)
    }
    if (fs.readFileSync(staged, 'utf8') !== text) {
      fs.rmSync(staged, { force: true })
      throw new Error('The secrets file could not be written whole (is the disk full?)')
    }
    fs.renameSync(staged, this.filePath)
  }
}
