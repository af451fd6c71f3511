import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuthError } from '../../../src-main/providers/http/errors'
import { MemoryBudgetStore } from '../../../src-main/providers/http/limits'
import { type AccountRecord, createProvider, MemorySecrets } from '../../../src-main/providers/create-provider'
import { SecretRedactor } from '../../../src-main/secrets/secret-redactor'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'

const sandboxes = useSandboxes()
const d = DEMO_CREDENTIALS

describe('createProvider', () => {
  it('builds a working client for every vendor from an account and its secrets', async () => {
    const s = await sandboxes({ projects: 5, sites: 2 })
    const accounts: AccountRecord[] = [
      {
        id: 'os',
        provider: 'opensolar',
        base_url: s.baseUrls.opensolar,
        settings_json: JSON.stringify({ orgId: d.opensolar.orgId }),
      },
      {
        id: 'pv',
        provider: 'easypv',
        base_url: s.baseUrls.easypv,
        settings_json: JSON.stringify({ userEmail: d.easypv.userEmail }),
      },
      {
        id: 'au',
        provider: 'aurora',
        base_url: s.baseUrls.aurora,
        settings_json: JSON.stringify({ tenantId: d.aurora.tenantId }),
      },
      {
        id: 'lc',
        provider: 'locus',
        base_url: s.baseUrls.locus,
        settings_json: JSON.stringify({
          partnerId: d.locus.partnerId,
          clientId: d.locus.clientId,
          username: d.locus.username,
        }),
      },
    ]
    const secrets = new MemorySecrets({
      os: { token: d.opensolar.token },
      pv: { apiKey: d.easypv.apiKey },
      au: { token: d.aurora.token },
      lc: { clientSecret: d.locus.clientSecret, password: d.locus.password },
    })
    const budgets = new Map<string, MemoryBudgetStore>()
    const deps = {
      secrets,
      redactor: new SecretRedactor(),
      budgetStore: (id: string) => budgets.get(id) ?? budgets.set(id, new MemoryBudgetStore()).get(id)!,
    }
    for (const account of accounts) {
      const provider = createProvider(account, deps)
      expect(provider.vendor).toBe(account.provider)
      let count = 0
      for await (const project of provider.listProjects()) if (project.remoteId) count++
      expect(count, account.provider).toBeGreaterThan(0)
    }
    expect(budgets.get('os')?.read()?.used).toBe(1)
    expect(await secrets.get('lc', 'refreshToken')).toMatch(/^[0-9a-f]{32}$/)
  })

  it('says which setting is missing, and asks for sign-in when a secret is', async () => {
    const s = await sandboxes({ projects: 1 })
    const deps = {
      secrets: new MemorySecrets(),
      redactor: new SecretRedactor(),
      budgetStore: () => new MemoryBudgetStore(),
    }
    expect(() =>
      createProvider({ id: 'os', provider: 'opensolar', base_url: s.baseUrls.opensolar, settings_json: '{}' }, deps),
    ).toThrow(/orgId/)
    const provider = createProvider(
      { id: 'os', provider: 'opensolar', base_url: s.baseUrls.opensolar, settings_json: '{"orgId":1}' },
      deps,
    )
    await expect(provider.getProject('1')).rejects.toBeInstanceOf(AuthError)
  })

  it('keeps Electron out of every provider (they run under plain Node)', () => {
    const root = path.resolve(import.meta.dirname, '../../../src-main/providers')
    const files = fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const f of files)
      expect(fs.readFileSync(path.join(f.parentPath, f.name), 'utf8'), f.name).not.toMatch(/from ['"]electron['"]/)
  })
})
