// Accounts through the IPC contract, against the simulators: the Settings view's calls, end to end.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MethodOutput } from '../../src-shared/contract'
import { composeServices, type Services } from '../../src-main/composition'
import { InstallKeyCipher } from '../../src-main/secrets/install-key-cipher'
import { recordingLogger } from '../helpers/logger'
import { DEMO_CREDENTIALS, useSandboxes } from '../helpers/sandbox'
import { useTempDirs } from '../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

async function call<T>(services: Services, method: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.dispatch(method, input)
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
  return result.value as T
}

async function setup() {
  const s = await sandboxes({ projects: 20 })
  const dataDir = tempDir()
  const services = await composeServices({
    dataDir,
    log: recordingLogger(),
    shell: 'browser-host',
    version: 't',
    demo: false,
    cipher: new InstallKeyCipher(path.join(tempDir(), 'install.key')),
  })
  const opensolar = (token: string = DEMO_CREDENTIALS.opensolar.token) => ({
    vendor: 'opensolar',
    label: 'Harbour Solar',
    baseUrl: s.baseUrls.opensolar,
    settings: { orgId: 1 },
    secrets: { token },
  })
  return { s, dataDir, services, opensolar }
}

describe('accounts', () => {
  it('adds an account, syncs it, keeps the secret out of every answer and off the disk in clear', async () => {
    const { s, dataDir, services, opensolar } = await setup()
    try {
      const saved = await call<MethodOutput<'accounts.save'>>(services, 'accounts.save', { account: opensolar() })
      expect(saved).toMatchObject({ vendor: 'opensolar', label: 'Harbour Solar', savedSecrets: ['token'], demo: false })
      expect(JSON.stringify(saved)).not.toContain(DEMO_CREDENTIALS.opensolar.token)
      await services.sync.syncAll()
      expect((await call<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 5 })).total).toBe(20)
      const listed = await call<MethodOutput<'accounts.list'>>(services, 'accounts.list', {})
      expect(JSON.stringify(listed)).not.toContain(DEMO_CREDENTIALS.opensolar.token)
      const files = fs.readdirSync(dataDir).filter((f) => fs.statSync(path.join(dataDir, f)).isFile())
      for (const file of files)
        expect(fs.readFileSync(path.join(dataDir, file)).includes(DEMO_CREDENTIALS.opensolar.token)).toBe(false)
      void s
    } finally {
      await services.close()
    }
  })

  it.each([
    ['plain http to the internet', { baseUrl: 'http://api.opensolar.com' }, /must start with https/],
    ['no organisation', { settings: {} }, /orgId/],
  ])('refuses %s, saying what to fix', async (_name, change, message) => {
    const { services, opensolar } = await setup()
    try {
      await expect(call(services, 'accounts.save', { account: { ...opensolar(), ...change } })).rejects.toThrow(message)
    } finally {
      await services.close()
    }
  })

  it('tests a draft before it is saved, and a saved one, in the vendor’s words', async () => {
    const { services, opensolar } = await setup()
    try {
      expect(await call(services, 'accounts.test', { account: opensolar('nope') })).toEqual({
        ok: false,
        message: 'OpenSolar did not accept this sign-in. It said: Invalid token.',
      })
      const { id } = await call<{ id: string }>(services, 'accounts.save', { account: opensolar() })
      expect(await call(services, 'accounts.test', { id })).toMatchObject({ ok: true })
      // A draft of the saved account with no token given uses the saved one.
      const { secrets: _none, ...withoutToken } = opensolar()
      expect(await call(services, 'accounts.test', { id, account: withoutToken })).toMatchObject({ ok: true })
    } finally {
      await services.close()
    }
  })

  it('signing in again lifts the hold and sends what waited', async () => {
    const { s, services, opensolar } = await setup()
    try {
      const { id } = await call<{ id: string }>(services, 'accounts.save', { account: opensolar() })
      await services.sync.syncAll()
      const [project] = (await call<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 1 })).items
      s.revoke('opensolar')
      await call(services, 'projects.update', { id: project!.id, changes: { notes: 'waited for sign-in' } })
      await services.sync.syncAll()
      expect((await call<MethodOutput<'accounts.list'>>(services, 'accounts.list', {})).items[0]!.needsSignIn).toBe(
        true,
      )
      await call(services, 'accounts.signIn', { id, secrets: { token: s.issueOpenSolarToken() } })
      await services.sync.syncAll()
      const detail = await call<MethodOutput<'projects.get'>>(services, 'projects.get', { id: project!.id })
      expect(s.state.opensolar.projects.get(Number(detail.remoteId))?.notes).toBe('waited for sign-in')
      expect((await call<MethodOutput<'accounts.list'>>(services, 'accounts.list', {})).items[0]!.needsSignIn).toBe(
        false,
      )
    } finally {
      await services.close()
    }
  })

  it('removing an account exports its unsent changes (or discards them), and takes its projects and secrets', async () => {
    const { services, opensolar } = await setup()
    try {
      const { id } = await call<{ id: string }>(services, 'accounts.save', { account: opensolar() })
      await services.sync.syncAll()
      const [project] = (await call<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 1 })).items
      await call(services, 'projects.update', { id: project!.id, changes: { siteNotes: 'never sent' } })
      const removed = await call<MethodOutput<'accounts.remove'>>(services, 'accounts.remove', { id, unsent: 'export' })
      expect(removed.unsent).toBe(1)
      const exported = JSON.parse(removed.exported!) as { changes: { what: string; item: string; fields: unknown }[] }
      expect(exported.changes).toEqual([
        expect.objectContaining({ what: 'update', item: project!.title, fields: { siteNotes: 'never sent' } }),
      ])
      expect((await call<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 1 })).total).toBe(0)
      expect((await call<MethodOutput<'accounts.list'>>(services, 'accounts.list', {})).items).toEqual([])
      const again = await call<{ id: string }>(services, 'accounts.save', { account: opensolar() })
      expect(await call(services, 'accounts.remove', { id: again.id, unsent: 'discard' })).toEqual({
        exported: null,
        unsent: 0,
      })
    } finally {
      await services.close()
    }
  })

  it('the demo starts only on a computer with no accounts, and its badge stays while a demo account is left', async () => {
    const s = await sandboxes({ projects: 5, sites: 1 })
    const services = await composeServices({
      dataDir: tempDir(),
      log: recordingLogger(),
      shell: 'browser-host',
      version: 't',
      demo: false,
      cipher: new InstallKeyCipher(path.join(tempDir(), 'install.key')),
      demoBackend: () => Promise.resolve(s.origin),
    })
    try {
      expect((await call<MethodOutput<'app.info'>>(services, 'app.info', {})).demo).toBe(false)
      expect(await call(services, 'app.startDemo', {})).toEqual({ accounts: 4 })
      expect((await call<MethodOutput<'app.info'>>(services, 'app.info', {})).demo).toBe(true)
      await expect(call(services, 'app.startDemo', {})).rejects.toThrow(/no accounts set up/)
      for (const account of (await call<MethodOutput<'accounts.list'>>(services, 'accounts.list', {})).items)
        await call(services, 'accounts.remove', { id: account.id, unsent: 'discard' })
      expect((await call<MethodOutput<'app.info'>>(services, 'app.info', {})).demo).toBe(false)
    } finally {
      await services.close()
    }
  })

  it('a Locus refresh token survives a restart: the next start refreshes instead of signing in with the password', async () => {
    const s = await sandboxes({ projects: 1, sites: 1 })
    const dataDir = tempDir()
    const keyFile = path.join(tempDir(), 'install.key')
    const start = () =>
      composeServices({
        dataDir,
        log: recordingLogger(),
        shell: 'browser-host',
        version: 't',
        demo: false,
        cipher: new InstallKeyCipher(keyFile),
      })
    const c = DEMO_CREDENTIALS.locus
    let services = await start()
    await call(services, 'accounts.save', {
      account: {
        vendor: 'locus',
        label: 'Fleet',
        baseUrl: s.baseUrls.locus,
        settings: { partnerId: c.partnerId, clientId: c.clientId, grant: 'password', username: c.username },
        secrets: { clientSecret: c.clientSecret, password: c.password },
      },
    })
    await services.sync.syncAll()
    await services.close()
    s.log.clear()
    services = await start()
    try {
      await services.sync.syncAll()
      const grants = s.log
        .all({ vendor: 'locus' })
        .filter((r) => r.path.endsWith('/oauth/token'))
        .map((r) => (r.body as Record<string, string> | undefined)?.['grant_type'])
      expect(grants[0]).toBe('refresh_token')
    } finally {
      await services.close()
    }
  })
})
