import { describe, expect, it } from 'vitest'
import {
  AuthError,
  BadResponseError,
  NotFoundError,
  PermissionError,
  ValidationError,
} from '../../../src-main/providers/http/errors'
import { readAddress } from '../../../src-main/providers/aurora/address'
import { AuroraClient, type AuroraConfig } from '../../../src-main/providers/aurora/client'
import { EasyPvClient, type EasyPvConfig } from '../../../src-main/providers/easypv/client'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const fast = { minBackoffMs: 5, maxBackoffMs: 20 }

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

const easyPv = (s: Sandbox, overrides: Partial<EasyPvConfig> = {}) =>
  new EasyPvClient({
    baseUrl: s.baseUrls.easypv,
    apiKey: () => DEMO_CREDENTIALS.easypv.apiKey,
    userEmail: DEMO_CREDENTIALS.easypv.userEmail,
    http: fast,
    ...overrides,
  })

describe('Easy PV client', () => {
  it('lists every project of the owner by walking date ranges within the limit', async () => {
    const s = await sandboxes({ projects: 120 })
    const projects = await all(easyPv(s).listProjects())
    const owned = [...s.state.easypv.projects.values()].filter((p) => p.owner === 27091)
    expect(projects.map((p) => p.remoteId).sort()).toEqual(owned.map((p) => String(p.ID)).sort())
    const lists = s.log.all({ vendor: 'easypv' })
    expect(lists.every((e) => e.status === 200)).toBe(true)
    expect(lists.length).toBeGreaterThan(5) // 2015 → today in 366-day windows
    const sample = projects[0]!
    expect(sample).toMatchObject({
      country: 'GB',
      stage: expect.stringMatching(/^(Lead|Quote|Sale|Install|Completed|Rejected)$/),
      lat: expect.any(Number),
    })
  })

  it('filters by modification time', async () => {
    const s = await sandboxes({ projects: 60 })
    const since = new Date('2026-10-01T00:00:00Z')
    const recent = await all(easyPv(s).listProjects({ since }))
    expect(recent.every((p) => Date.parse(p.modifiedAt!) >= since.getTime())).toBe(true)
  })

  it('creates with crmReference = our id, finds it again by that id, updates with 204 and deletes', async () => {
    const s = await sandboxes()
    const client = easyPv(s)
    const created = await client.createProject(
      {
        title: '9 Mill Lane',
        address: '9 Mill Lane Ely',
        postcode: 'CB7 4DL',
        lat: 52.4,
        lng: 0.26,
        stage: 'Quote',
        customerName: 'Ann Smith',
      },
      'sf-pv-1',
    )
    expect(s.state.easypv.projects.get(Number(created.remoteId))?.meta).toMatchObject({
      crmReference: 'sf-pv-1',
      status: 'Quote',
      projectName: '9 Mill Lane',
      customerName: 'Ann Smith',
    })
    expect(s.log.all({ method: 'POST' }).at(-1)?.body).toMatchObject({ meta: { crmReference: 'sf-pv-1' } })
    expect(await client.updateProject(created.remoteId, { stage: 'sale', postcode: 'CB7 4DX' })).toBeUndefined()
    expect(s.state.easypv.projects.get(Number(created.remoteId))?.meta).toMatchObject({
      status: 'Sale',
      postcode: 'CB7 4DX',
    })
    await client.deleteProject(created.remoteId)
    expect(s.state.easypv.projects.get(Number(created.remoteId))?.deleted).toBe(true)
    await client.hardDeleteProject(created.remoteId)
    expect(s.state.easypv.projects.has(Number(created.remoteId))).toBe(false)
    await expect(client.getProject(created.remoteId)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses a status outside Easy PV’s enum before sending', async () => {
    const s = await sandboxes()
    await expect(easyPv(s).createProject({ stage: 'Installing' }, 'x')).rejects.toBeInstanceOf(ValidationError)
    expect(s.log.all({ vendor: 'easypv' })).toHaveLength(0)
  })

  it('reports a wrong key as AuthError and an unknown project as NotFound', async () => {
    const s = await sandboxes()
    await expect(all(easyPv(s, { apiKey: () => 'nope' }).listProjects())).rejects.toBeInstanceOf(AuthError)
    await expect(easyPv(s).updateProject('1', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('retries a list through a 503 (a list changes nothing), but not a create', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'easypv', status: 503, times: 1 })
    await all(easyPv(s).listProjects())
    s.faults.add({ vendor: 'easypv', path: '/create', status: 503, times: 1 })
    await expect(easyPv(s).createProject({ title: 'x' }, 'sf-2')).rejects.toThrow(/Easy PV had a problem/)
    expect(s.log.all({ vendor: 'easypv', pathIncludes: '/create' })).toHaveLength(1)
  })
})

const aurora = (s: Sandbox, overrides: Partial<AuroraConfig> = {}) =>
  new AuroraClient({
    baseUrl: s.baseUrls.aurora,
    tenantId: DEMO_CREDENTIALS.aurora.tenantId,
    token: () => DEMO_CREDENTIALS.aurora.token,
    version: '2024.05',
    http: fast,
    ...overrides,
  })

describe('Aurora client', () => {
  it.each(['2022.09', '2024.05'] as const)('reads the %s shape into the same model', async (version) => {
    const s = await sandboxes({ projects: 10, aurora: { pinnedVersion: version } })
    const projects = await all(aurora(s, { version }).listProjects())
    expect(projects).toHaveLength(10)
    const raw = s.state.aurora.projects.get(projects[0]!.remoteId)!
    expect(projects[0]).toMatchObject({
      address: readAddress(raw.property_address!).address,
      locality: expect.any(String),
      region: expect.stringMatching(/^[A-Z]{2}$/),
      postcode: expect.stringMatching(/^\d{5}$/),
      lat: raw.latitude,
      lng: raw.longitude,
      customerEmail: raw.customer_email,
      stage: expect.stringMatching(/^(Residential|Commercial)$/),
    })
  })

  it('pages 250 at a time', async () => {
    const s = await sandboxes({ projects: 300 })
    expect(await all(aurora(s).listProjects())).toHaveLength(300)
    expect(s.log.all({ vendor: 'aurora' }).map((e) => e.path)).toEqual([
      '/tenants/demo-tenant/projects?page=1&per_page=250',
      '/tenants/demo-tenant/projects?page=2&per_page=250',
    ])
  })

  it('creates with external_provider_id, in the pinned version’s field names, and finds it again', async () => {
    for (const version of ['2022.09', '2024.05'] as const) {
      const s = await sandboxes({ aurora: { pinnedVersion: version } })
      const client = aurora(s, { version })
      const created = await client.createProject(
        {
          title: '4 Elm St',
          address: '4 Elm St',
          locality: 'Austin',
          region: 'TX',
          postcode: '78704',
          customerName: 'Jo Park',
        },
        `sf-au-${version}`,
      )
      expect(created).toMatchObject({
        clientRef: `sf-au-${version}`,
        address: '4 Elm St',
        locality: 'Austin',
        customerName: 'Jo Park',
      })
      const [post] = s.log.all({ method: 'POST' })
      expect((post!.body as { project: Record<string, unknown> }).project).toHaveProperty(
        version === '2024.05' ? 'property_address' : 'address',
        '4 Elm St, Austin, TX 78704',
      )
      const found = await client.findCreated({ clientRef: `sf-au-${version}`, fields: {}, createdAfter: new Date() })
      expect(found.map((p) => p.remoteId)).toEqual([created.remoteId])
    }
  })

  it('updates with PUT, keeping the rest of the address', async () => {
    const s = await sandboxes()
    const client = aurora(s)
    const [id] = s.state.aurora.projects.keys()
    const current = await client.getProject(id!)
    const updated = await client.updateProject(id!, { postcode: '99999', customerPhone: '(555) 000-1111' }, current)
    expect(updated).toMatchObject({
      address: current.address,
      locality: current.locality,
      postcode: '99999',
      customerPhone: '(555) 000-1111',
    })
  })

  it('sends the version header only where asked (sandbox), and honours it', async () => {
    const s = await sandboxes({ aurora: { pinnedVersion: '2024.05' } })
    const [id] = s.state.aurora.projects.keys()
    const old = await aurora(s, { version: '2022.09', sendVersionHeader: true }).getProject(id!)
    expect(old.raw).toHaveProperty('customer_address')
  })

  it('parses Aurora errors, and reports a refused create with its messages', async () => {
    const s = await sandboxes()
    const error = await aurora(s)
      .createProject({ title: 'nowhere' }, 'sf-x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).messages[0]).toContain('address')
    await expect(aurora(s).getProject('12345343-5343-4345-3445-123456789012')).rejects.toBeInstanceOf(NotFoundError)
    await expect(aurora(s).deleteProject()).rejects.toBeInstanceOf(PermissionError)
  })

  it('rides out its rate limit with Retry-After and reports garbage as BadResponse', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'aurora', status: 429, retryAfterSeconds: 0, times: 2 })
    expect(await all(aurora(s).listProjects())).toHaveLength(30)
    s.faults.add({ vendor: 'aurora', body: 'truncated', times: 10 })
    await expect(all(aurora(s, { http: { ...fast, retries: 1 } }).listProjects())).rejects.toBeInstanceOf(
      BadResponseError,
    )
  })
})
