import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  AuthError,
  BadResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../../src-main/providers/http/errors'
import { DailyBudget, MemoryBudgetStore } from '../../../src-main/providers/http/limits'
import { OpenSolarClient, type OpenSolarConfig } from '../../../src-main/providers/opensolar/client'
import type { OsUsage } from '../../../src-main/providers/opensolar/schemas'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

const clientFor = (s: Sandbox, overrides: Partial<OpenSolarConfig> = {}) =>
  new OpenSolarClient({
    baseUrl: s.baseUrls.opensolar,
    orgId: DEMO_CREDENTIALS.opensolar.orgId,
    token: () => DEMO_CREDENTIALS.opensolar.token,
    http: { minBackoffMs: 5, maxBackoffMs: 20, timeoutMs: 5000 },
    files: { chunkThresholdBytes: 64 * 1024, partSizeBytes: 20 * 1024 },
    ...overrides,
  })

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('OpenSolar client: projects', () => {
  it('iterates every page, mapping each project to the common model', async () => {
    const s = await sandboxes({ projects: 230 })
    const projects = await all(clientFor(s).listProjects())
    expect(projects).toHaveLength(230)
    expect(s.log.all({ vendor: 'opensolar' })).toHaveLength(3)
    const sample = projects[0]!
    const remote = s.state.opensolar.projects.get(Number(sample.remoteId))!
    expect(sample).toMatchObject({
      title: remote.title,
      locality: remote.locality,
      region: remote.state,
      postcode: remote.zip,
      country: 'AU',
      lat: remote.lat,
      lng: remote.lon,
      serials: { inverters: remote.serial_numbers_inverters },
      stage: expect.stringMatching(/^(Lead|Qualified|Sold|Installing|Installed|Closed)$/),
      customerName: expect.any(String),
    })
    expect((sample.raw as Record<string, unknown>)['stage_warning']).toBeDefined() // unknown fields kept
  })

  it('lists only what changed since a time, stopping early', async () => {
    const s = await sandboxes({ projects: 230 })
    const dates = [...s.state.opensolar.projects.values()]
      .map((p) => p.modified_date)
      .sort()
      .reverse()
    const since = new Date(dates[49]!)
    const changed = await all(clientFor(s).listProjects({ since }))
    expect(changed.length).toBe(50)
    expect(s.log.all({ vendor: 'opensolar' })).toHaveLength(1)
  })

  it('creates with our identifier and the customer as a new contact, then finds it by that identifier', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const created = await client.createProject(
      {
        title: '7 Mill Lane',
        address: '7 Mill Lane',
        locality: 'Penrith',
        region: 'NSW',
        postcode: '2750',
        country: 'AU',
        lat: -33.75,
        lng: 150.69,
        customerName: 'Elaine Benes',
        customerEmail: 'elaine@example.com',
        customerPhone: '0400111222',
        notes: 'New lead',
        stage: 'Qualified',
      },
      'sf-client-123',
    )
    expect(created).toMatchObject({
      clientRef: 'sf-client-123',
      title: '7 Mill Lane',
      customerName: 'Elaine Benes',
      stage: 'Qualified',
      lat: -33.75,
    })
    const remote = s.state.opensolar.projects.get(Number(created.remoteId))!
    expect(remote.identifier).toBe('sf-client-123')
    expect(s.state.opensolar.contacts.get(remote.contactIds[0]!)).toMatchObject({
      first_name: 'Elaine',
      family_name: 'Benes',
    })
    const lookup = (clientRef: string) => ({ clientRef, fields: {}, createdAfter: new Date() })
    expect((await client.findCreated(lookup('sf-client-123'))).map((p) => p.remoteId)).toEqual([created.remoteId])
    expect(await client.findCreated(lookup('sf-client-nope'))).toEqual([])
  })

  it('patches only the changed fields; stage by name through workflow.active_stage_id', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const [remoteId] = s.state.opensolar.projects.keys()
    const current = await client.getProject(String(remoteId))
    s.log.clear()
    const updated = await client.updateProject(
      String(remoteId),
      { notes: 'Gate code 4412', serials: { inverters: 'INV99999999' }, stage: 'Installed', lat: -33.9 },
      current,
    )
    expect(updated).toMatchObject({
      notes: 'Gate code 4412',
      stage: 'Installed',
      lat: -33.9,
      serials: { inverters: 'INV99999999' },
    })
    const [patch] = s.log.all({ method: 'PATCH' })
    // The stage as the docs' example sends it: the workflow with its stage, and the stage at the top.
    expect(patch!.body).toEqual({
      notes: 'Gate code 4412',
      serial_numbers_inverters: 'INV99999999',
      lat: -33.9,
      workflow: { active_stage_id: 52144, workflow_id: 10422 },
      active_stage_id: 52144,
    })
    // The PATCH answer is the documented partial one: the project is read once to know what it holds.
    expect(s.log.all({ vendor: 'opensolar' }).map((r) => r.method)).toEqual(['PATCH', 'GET'])
  })

  it('refuses, before sending, a stage the workflow does not have', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const [remoteId] = s.state.opensolar.projects.keys()
    const error = await client.updateProject(String(remoteId), { stage: 'Teleported' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as Error).message).toContain('Lead, Qualified, Sold, Installing, Installed, Closed')
    expect(s.log.all({ method: 'PATCH' })).toHaveLength(0)
  })

  it.each([
    { usage_data_source: 'kwh_annual', values: 7314 },
    { usage_data_source: 'kwh_monthly', values: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 115] },
    { usage_data_source: 'bill_quarterly', values: [100, 101, 102, 103] },
    { usage_data_source: 'estimate', values: 'High' },
  ] satisfies OsUsage[])('sends usage %o', async (usage) => {
    const s = await sandboxes()
    const [remoteId] = s.state.opensolar.projects.keys()
    await clientFor(s).updateUsage(String(remoteId), usage)
    expect(s.state.opensolar.projects.get(remoteId!)?.usage).toEqual(usage)
  })

  it('refuses a usage of the wrong shape before sending', async () => {
    const s = await sandboxes()
    const [remoteId] = s.state.opensolar.projects.keys()
    await expect(
      clientFor(s).updateUsage(String(remoteId), { usage_data_source: 'kwh_monthly', values: [1, 2] } as never),
    ).rejects.toBeInstanceOf(ValidationError)
    expect(s.log.all({ method: 'PATCH' })).toHaveLength(0)
  })

  it('deletes; a missing project is NotFound', async () => {
    const s = await sandboxes()
    const client = clientFor(s)
    const [remoteId] = s.state.opensolar.projects.keys()
    await client.deleteProject(String(remoteId))
    await expect(client.getProject(String(remoteId))).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('OpenSolar client: failures', () => {
  it('rides out a 429 storm with Retry-After', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', status: 429, retryAfterSeconds: 0, times: 3 })
    const [remoteId] = s.state.opensolar.projects.keys()
    expect((await clientFor(s).getProject(String(remoteId))).remoteId).toBe(String(remoteId))
    expect(s.log.all({ vendor: 'opensolar' })).toHaveLength(4)
  })

  it('retries a read through a dropped connection and a 503', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', drop: 'mid-response', times: 1 })
    s.faults.add({ vendor: 'opensolar', status: 503, times: 1 })
    const [remoteId] = s.state.opensolar.projects.keys()
    expect((await clientFor(s).getProject(String(remoteId))).remoteId).toBe(String(remoteId))
  })

  it('does not resend a create whose answer was lost: sync reconciles with findCreated', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', method: 'POST', drop: 'before-response', afterHandler: true, times: 1 })
    const client = clientFor(s)
    await expect(client.createProject({ address: '1 Lost St' }, 'sf-lost-1')).rejects.toBeInstanceOf(NetworkError)
    expect(s.log.all({ method: 'POST' })).toHaveLength(1)
    const found = await client.findCreated({
      clientRef: 'sf-lost-1',
      fields: {},
      createdAfter: new Date(Date.now() - 60_000),
    })
    expect(found.map((p) => p.title)).toEqual(['1 Lost St'])
  })

  it('reports malformed and truncated answers as BadResponse, without retrying writes', async () => {
    const s = await sandboxes()
    const [remoteId] = s.state.opensolar.projects.keys()
    s.faults.add({ vendor: 'opensolar', body: 'malformed', times: 1 })
    await expect(clientFor(s, { http: { retries: 0 } }).getProject(String(remoteId))).rejects.toBeInstanceOf(
      BadResponseError,
    )
    s.faults.add({ vendor: 'opensolar', body: 'truncated', times: 1 })
    await expect(clientFor(s).updateProject(String(remoteId), { notes: 'x' })).rejects.toBeInstanceOf(BadResponseError)
  })

  it('reports an expired token as AuthError (sign in again)', async () => {
    const s = await sandboxes()
    s.clock.advance(8 * 86_400_000)
    await expect(all(clientFor(s).listProjects())).rejects.toBeInstanceOf(AuthError)
  })

  it('keeps to the daily budget across restarts, refusing before sending', async () => {
    const s = await sandboxes({ opensolar: { dailyLimit: 1000 } })
    const store = new MemoryBudgetStore()
    const budget = () => new DailyBudget('opensolar', 3, store, () => new Date(), 0)
    const [remoteId] = s.state.opensolar.projects.keys()
    await clientFor(s, { limiter: budget() }).getProject(String(remoteId))
    await clientFor(s, { limiter: budget() }).getProject(String(remoteId))
    const restarted = clientFor(s, { limiter: budget() })
    await restarted.getProject(String(remoteId))
    await expect(restarted.getProject(String(remoteId))).rejects.toBeInstanceOf(RateLimitedError)
    expect(s.log.all({ vendor: 'opensolar' })).toHaveLength(3)
  })
})

describe('OpenSolar client: private files', () => {
  const write = (dir: string, name: string, size: number) => {
    const file = path.join(dir, name)
    fs.writeFileSync(file, Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 256)))
    return file
  }
  const md5 = (file: string) => createHash('md5').update(fs.readFileSync(file)).digest('hex')

  it('uploads a small file as one streamed multipart request, with progress', async () => {
    const s = await sandboxes()
    const [projectId] = s.state.opensolar.projects.keys()
    const file = write(tempDir(), 'meter-box.jpg', 30_000)
    const progress: number[] = []
    const uploaded = await clientFor(s).files.upload({
      file,
      title: 'Meter box',
      project: String(projectId),
      tags: ['Site Photo'],
      onProgress: (sent) => progress.push(sent),
    })
    expect(uploaded).toMatchObject({
      title: 'Meter box',
      filesize: 30_000,
      file_hash: md5(file),
      file_tags_data: [{ title: 'Site Photo' }],
    })
    expect(progress.at(-1)).toBe(30_000)
    expect(s.log.all({ method: 'POST' })[0]!.body).toEqual({ multipart: true, bytes: expect.any(Number) })
  })

  it('uploads a large file in parts and completes it', async () => {
    const s = await sandboxes()
    const file = write(tempDir(), 'drone.tif', 150_000)
    const uploaded = await clientFor(s).files.upload({ file, title: 'Drone survey' })
    expect(uploaded).toMatchObject({
      status: 'created',
      filesize: 150_000,
      file_hash: md5(file),
      completed_on: expect.any(String),
    })
    expect(s.log.all({ method: 'PUT' })).toHaveLength(8)
  })

  it('resumes an interrupted part upload, sending only what is missing', async () => {
    const s = await sandboxes()
    const file = write(tempDir(), 'survey.tif', 100_000)
    s.faults.add({ vendor: 'opensolar', method: 'PUT', path: '/media/uploads/.*/3\\?', status: 500, times: 10 })
    const client = clientFor(s, { http: { retries: 1, minBackoffMs: 1, maxBackoffMs: 2 } })
    await expect(client.files.upload({ file, title: 'Survey' })).rejects.toThrow()
    s.faults.clear()
    const [pending] = [...s.state.opensolar.files.values()]
    s.log.clear()
    const done = await client.files.resume(pending!.id, file)
    expect(done).toMatchObject({ status: 'created', file_hash: md5(file) })
    expect(s.log.all({ method: 'PUT' }).map((e) => e.path.split('?')[0]!.split('/').at(-1))).toEqual(['3', '4', '5'])
  })

  it('lists with filters, renames, tags and deletes', async () => {
    const s = await sandboxes()
    const [a, b] = s.state.opensolar.projects.keys()
    const dir = tempDir()
    const client = clientFor(s)
    const one = await client.files.upload({
      file: write(dir, 'a.pdf', 1000),
      title: 'Inspection',
      project: String(a),
      tags: ['Inspection Report'],
    })
    await client.files.upload({
      file: write(dir, 'b.jpg', 2000),
      title: 'Roof',
      project: String(b),
      tags: ['Site Photo'],
    })
    expect((await client.files.list({ project: String(a) })).map((f) => f.title)).toEqual(['Inspection'])
    expect((await client.files.list({ fileTagsExclude: ['Site Photo'] })).map((f) => f.title)).toEqual(['Inspection'])
    expect((await client.files.list({ ordering: '-filesize' })).map((f) => f.title)).toEqual(['Roof', 'Inspection'])
    expect((await client.files.rename(one.id, 'Inspection 2026')).title).toBe('Inspection 2026')
    expect((await client.files.setTags(one.id, ['Extra File'])).file_tags_data?.map((t) => t.title)).toEqual([
      'Extra File',
    ])
    await client.files.delete(one.id)
    expect(await client.files.list({ project: String(a) })).toEqual([])
  })

  it('downloads, refreshing an expired link transparently', async () => {
    const s = await sandboxes()
    const dir = tempDir()
    const file = write(dir, 'cert.pdf', 5000)
    const client = clientFor(s)
    const uploaded = await client.files.upload({ file, title: 'Certificate' })
    s.clock.advance(2 * 3_600_000)
    // A stale record's link is expired; download() must re-read it.
    const destination = path.join(dir, 'copy.pdf')
    const staleGet = client.files.get.bind(client.files)
    let first = true
    client.files.get = async (id) => {
      const record = await staleGet(id)
      if (first) {
        first = false
        return { ...record, file_contents: uploaded.file_contents }
      }
      return record
    }
    await client.files.download(uploaded.id, destination)
    expect(md5(destination)).toBe(md5(file))
    expect(
      s.log
        .all({ vendor: 'opensolar', method: 'GET' })
        .filter((e) => e.path.startsWith('/media/'))
        .map((e) => e.status),
    ).toEqual([403, 200])
  })
})
