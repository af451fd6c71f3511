import fs from 'node:fs'
import path from 'node:path'
import type { SafeStorage } from 'electron'
import { describe, expect, it } from 'vitest'
import { InstallKeyCipher } from '../../../src-main/secrets/install-key-cipher'
import { SafeStorageCipher } from '../../../src-main/secrets/safe-storage-cipher'
import { SecretStore } from '../../../src-main/secrets/secret-store'
import { useTempDirs } from '../../helpers/temp-dir'

const tempDir = useTempDirs()
const SECRET = 'sk_live_8f3a-VERY-SECRET-token'

/** Every byte under a folder, as text: a secret must not be found in any of it. */
const everything = (dir: string): string =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n')

/** Electron's safeStorage as it behaves: a keyring backend, or basic_text (a fixed, readable key). */
function fakeSafeStorage(backend: 'gnome_libsecret' | 'basic_text'): SafeStorage {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => flip(Buffer.from(`v10${plain}`)),
    decryptString: (sealed: Buffer) => flip(sealed).toString().slice(3),
  } as unknown as SafeStorage
}

describe('SecretStore', () => {
  it('encrypts with the install key: nothing plaintext in the data folder, and it reads back after a restart', async () => {
    const data = tempDir()
    const keyFile = path.join(tempDir(), 'install.key')
    const store = new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(keyFile))
    await store.set('acct-1', 'token', SECRET)
    expect(await store.get('acct-1', 'token')).toBe(SECRET)
    expect(everything(data)).not.toContain(SECRET)
    expect(everything(data)).not.toContain(Buffer.from(SECRET).toString('base64'))
    // The key is not in the data folder either.
    expect(fs.readdirSync(data)).toEqual(['secrets.json'])
    const restarted = new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(keyFile))
    expect(await restarted.get('acct-1', 'token')).toBe(SECRET)
    expect(restarted.saved('acct-1')).toEqual(['token'])
  })

  it('cannot be read with another install’s key', async () => {
    const data = tempDir()
    await new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(path.join(tempDir(), 'a.key'))).set(
      'a',
      'token',
      SECRET,
    )
    const other = new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(path.join(tempDir(), 'b.key')))
    await expect(other.get('a', 'token')).rejects.toThrow()
  })

  it('with safeStorage on a keyring, keeps secrets on disk, encrypted', async () => {
    const data = tempDir()
    const store = new SecretStore(
      path.join(data, 'secrets.json'),
      new SafeStorageCipher(fakeSafeStorage('gnome_libsecret')),
    )
    expect(store.protection).toBe('os')
    await store.set('a', 'apiKey', SECRET)
    expect(everything(data)).not.toContain(SECRET)
    const restarted = new SecretStore(
      path.join(data, 'secrets.json'),
      new SafeStorageCipher(fakeSafeStorage('gnome_libsecret')),
    )
    expect(await restarted.get('a', 'apiKey')).toBe(SECRET)
  })

  it('with safeStorage’s basic_text, refuses to write secrets to disk until the technician agrees', async () => {
    const data = tempDir()
    const file = path.join(data, 'secrets.json')
    const store = new SecretStore(file, new SafeStorageCipher(fakeSafeStorage('basic_text')))
    expect(store.protection).toBe('weak')
    expect(store.persists).toBe(false)
    await store.set('a', 'token', SECRET)
    expect(await store.get('a', 'token')).toBe(SECRET) // usable for this run…
    const restarted = new SecretStore(file, new SafeStorageCipher(fakeSafeStorage('basic_text')))
    expect(await restarted.get('a', 'token')).toBeNull() // …but not kept
    await store.acceptWeakProtection()
    expect(store.persists).toBe(true)
    const agreed = new SecretStore(file, new SafeStorageCipher(fakeSafeStorage('basic_text')))
    expect(await agreed.get('a', 'token')).toBe(SECRET)
    expect(everything(data)).not.toContain(SECRET)
  })

  it('forgets an account’s secrets, and only that account’s', async () => {
    const data = tempDir()
    const store = new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(path.join(tempDir(), 'k')))
    await store.set('a', 'token', 'one')
    await store.set('b', 'token', 'two')
    await store.removeAccount('a')
    expect(await store.get('a', 'token')).toBeNull()
    expect(await store.get('b', 'token')).toBe('two')
    await store.set('b', 'token', null)
    expect(store.saved('b')).toEqual([])
  })

  it('refuses a file that is not its own rather than overwrite it', async () => {
    const data = tempDir()
    fs.writeFileSync(path.join(data, 'secrets.json'), '{"something":"else"}')
    const store = new SecretStore(path.join(data, 'secrets.json'), new InstallKeyCipher(path.join(tempDir(), 'k')))
    await expect(store.get('a', 'token')).rejects.toThrow(/not a Solar Field secrets file/)
  })
})
