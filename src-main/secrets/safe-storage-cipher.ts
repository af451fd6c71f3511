// The desktop app's cipher: Electron's safeStorage (the OS keyring: Keychain, DPAPI, libsecret/kwallet).
// On Linux without a keyring it falls back to 'basic_text', a key anyone with the files can read: that is
// 'weak', and secrets are kept on disk with it only if the technician agrees (SecretStore.persists).
import type { SafeStorage } from 'electron'
import type { Cipher, Protection } from './secret-store'

export class SafeStorageCipher implements Cipher {
  readonly protection: Protection
  readonly backend: string

  constructor(private readonly safeStorage: SafeStorage) {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('This computer offers no way to encrypt saved sign-ins (Electron safeStorage is unavailable).')
    this.backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os keychain'
    this.protection = this.backend === 'basic_text' ? 'weak' : 'os'
  }

  encrypt(plain: string): Buffer {
    return this.safeStorage.encryptString(plain)
  }

  decrypt(sealed: Buffer): string {
    return this.safeStorage.decryptString(sealed)
  }
}
