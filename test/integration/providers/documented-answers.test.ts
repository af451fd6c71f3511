// The clients against the vendors' own documented examples, verbatim (src-main/demo/simulators/documented-examples), not
// against our simulators: a simulator richer than the docs would hide exactly these bugs.
import { describe, expect, it } from 'vitest'
import { AuroraClient } from '../../../src-main/providers/aurora/client'
import { EasyPvClient } from '../../../src-main/providers/easypv/client'
import { ValidationError } from '../../../src-main/providers/http/errors'
import { LocusClient } from '../../../src-main/providers/locus/client'
import { OpenSolarClient } from '../../../src-main/providers/opensolar/client'
import { documented, scriptedVendor } from '../../helpers/scripted-vendor'
import { useTempDirs } from '../../helpers/temp-dir'

const ORG = 62854
const P = `/api/orgs/${ORG}/projects/`
const F = `/api/orgs/${ORG}/private_files/`
const fast = { retries: 2, minBackoffMs: 1, maxBackoffMs: 2, timeoutMs: 2000 }
const tempDir = useTempDirs()

type Json = Record<string, unknown>
const getExample = () => documented<Json>('opensolar-project-get')
/** The documented single project, with a workflow whose stages it names (the doc elides both). */
const projectInWorkflow = (activeStageId = 52144): Json => ({
  ...getExample(),
  workflow: { id: 3542964, workflow_id: 10422, active_stage_id: activeStageId },
  workflows: [
    {
      id: 10422,
      title: 'Residential',
      workflow_stages: [
        { id: 52143, title: 'Installing' },
        { id: 52144, title: 'Installed' },
      ],
    },
  ],
})

const openSolar = (fetch: typeof globalThis.fetch) =>
  new OpenSolarClient({
    baseUrl: 'https://api.opensolar.com',
    orgId: ORG,
    token: () => 'token',
    fetch,
    http: fast,
    files: { chunkThresholdBytes: 1024, partSizeBytes: 512 },
  })

describe('OpenSolar, as documented', () => {
  it('reads the 201 create answer (no title, no modified_date) and then the project it made, sending once', async () => {
    const created = documented<Json>('opensolar-project-create-response')
    const vendor = scriptedVendor({
      [`POST ${P}`]: { status: 201, body: created },
      [`GET ${P}6624/`]: { body: { ...getExample(), id: 6624, title: '123 Fake st', identifier: '123456' } },
    })
    const project = await openSolar(vendor.fetch).createProject({ address: '123 Fake st' }, '123456')
    expect(project).toMatchObject({ remoteId: '6624', clientRef: '123456', title: '123 Fake st' })
    expect(project.modifiedAt).toBe('2024-02-12T01:18:20.475934Z')
    expect(vendor.calls.map((c) => c.method)).toEqual(['POST', 'GET'])
  })

  it('reads the PATCH answer (nine keys) as a success, and the project once to know what it holds', async () => {
    const vendor = scriptedVendor({
      [`PATCH ${P}3763174/`]: { body: documented('opensolar-project-patch-response') },
      [`GET ${P}3763174/`]: { body: { ...getExample(), notes: 'Gate code 4412' } },
    })
    const updated = await openSolar(vendor.fetch).updateProject('3763174', { notes: 'Gate code 4412' })
    expect(updated).toMatchObject({ remoteId: '3763174', notes: 'Gate code 4412' })
    expect(vendor.calls.map((c) => c.method)).toEqual(['PATCH', 'GET'])
  })

  it('reads a list in the list shape by reading each project whole (never as fields cleared)', async () => {
    const vendor = scriptedVendor({
      [`GET ${P}`]: { body: documented('opensolar-project-list') },
      [`GET ${P}3763174/`]: { body: { ...getExample(), notes: 'Side gate' } },
    })
    const projects = []
    for await (const p of openSolar(vendor.fetch).listProjects()) projects.push(p)
    expect(projects).toHaveLength(1)
    expect(projects[0]).toMatchObject({ title: '6 Hopetoun Ave', notes: 'Side gate', locality: 'Vaucluse' })
  })

  it('names a stage from the answer alone: two clients read the same answer alike, whatever each saw before', async () => {
    const named = projectInWorkflow(52143)
    // The same project in an answer that names no stages (only the milestone in the deprecated `stage`).
    const bare = { ...getExample(), stage: 2, workflow: { id: 3542964, workflow_id: 10422, active_stage_id: 52143 } }
    const first = openSolar(scriptedVendor({ [`GET ${P}1/`]: { body: named }, [`GET ${P}2/`]: { body: bare } }).fetch)
    const second = openSolar(scriptedVendor({ [`GET ${P}2/`]: { body: bare } }).fetch)
    expect((await first.getProject('1')).stage).toBe('Installing')
    const afterNamed = (await first.getProject('2')).stage
    const fresh = (await second.getProject('2')).stage
    expect(afterNamed).toBe(fresh)
    expect(fresh).toBe('Sold') // milestone 2 (opensolar-projects.txt, Deprecations)
  })

  it('moves the stage with the body the docs show: the workflow with its stage, and the stage', async () => {
    const vendor = scriptedVendor({
      [`PATCH ${P}3763174/`]: { body: documented('opensolar-project-patch-response') },
      [`GET ${P}3763174/`]: { body: projectInWorkflow(52143) },
    })
    const client = openSolar(vendor.fetch)
    await client.updateProject('3763174', { stage: 'Installing' }, await client.getProject('3763174'))
    const patch = vendor.calls.find((c) => c.method === 'PATCH')!
    const example = documented<Json>('opensolar-project-patch-stage-request')
    expect(Object.keys(patch.body as Json).sort()).toEqual(Object.keys(example).sort())
    expect(patch.body).toEqual({ workflow: { active_stage_id: 52143, workflow_id: 10422 }, active_stage_id: 52143 })
  })

  it('reads the documented file list, retrieve, create and update answers', async () => {
    const vendor = scriptedVendor({
      [`GET ${F}`]: { body: documented('opensolar-file-list') },
      [`GET ${F}29733/`]: { body: documented('opensolar-file-get') },
      [`PATCH ${F}28864/`]: { body: documented('opensolar-file-patch-response') },
    })
    const files = openSolar(vendor.fetch).attachments
    expect((await files.listAll()).map((f) => [f.remoteId, f.remoteProjectId, f.tags])).toEqual([
      ['29733', '23389', ['Site Model']],
    ])
    expect(await files.rename('28864', 'new title')).toMatchObject({ title: 'new title', tags: ['Design Backup'] })
  })

  it("sends tags as the org's file-tag URLs, read from its tag list; an unknown name is refused before sending", async () => {
    const tagList = documented<Json[]>('opensolar-file-list').flatMap((f) => f['file_tags_data'] as Json[])
    const vendor = scriptedVendor({
      'GET /api/file_tags/': { body: tagList },
      [`PATCH ${F}28864/`]: { body: documented('opensolar-file-patch-response') },
    })
    const files = openSolar(vendor.fetch).attachments
    await files.setTags('28864', ['Site Model'])
    expect(vendor.calls.at(-1)!.body).toEqual({ file_tags: ['https://api.opensolar.com/api/file_tags/47/'] })
    expect(await files.fileTags()).toEqual(['Site Model'])
    await expect(files.setTags('28864', ['Roof Photo'])).rejects.toBeInstanceOf(ValidationError)
    expect(vendor.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1)
  })

  it('starts a large upload with documented fields only, the project and tags as resource URLs', async () => {
    const file = `${tempDir()}/drone.tif`
    await import('node:fs').then((fs) => fs.promises.writeFile(file, Buffer.alloc(1500, 7)))
    const fields = ['url', 'id', 'org', 'project', 'user', 'document_template', 'title', 'file_contents', 'filesize']
      .concat(['file_tags', 'file_tags_data', 'system_uuid', 'input_data', 'input_data_hash', 'file_hash', 'status'])
      .concat(['status_message', 'show_customer', 'temporary', 'upload_id', 'parts', 'completed_on'])
      .concat(['created_date', 'modified_date']) // opensolar-private-files.txt, "Response fields"
    const vendor = scriptedVendor({
      'GET /api/file_tags/': {
        body: [{ id: 47, title: 'Site Model', url: 'https://api.opensolar.com/api/file_tags/47/' }],
      },
      [`POST ${F}`]: { status: 400, body: { detail: 'stop here' } },
    })
    await expect(
      openSolar(vendor.fetch).attachments.upload({
        remoteProjectId: '23389',
        localPath: file,
        title: 'drone.tif',
        tags: ['Site Model'],
      }),
    ).rejects.toBeInstanceOf(ValidationError)
    const init = vendor.calls.find((c) => c.method === 'POST')!.body as Json
    expect(Object.keys(init).every((key) => fields.includes(key))).toBe(true)
    expect(init).toMatchObject({
      project: 'https://api.opensolar.com/api/orgs/62854/projects/23389/',
      file_tags: ['https://api.opensolar.com/api/file_tags/47/'],
      filesize: 1500,
      parts: [
        { part_number: 1, size: 512 },
        { part_number: 2, size: 512 },
        { part_number: 3, size: 476 },
      ],
    })
  })
})

describe('Easy PV, as documented', () => {
  const easyPv = (fetch: typeof globalThis.fetch) =>
    new EasyPvClient({
      baseUrl: 'https://heatpunk.co.uk',
      apiKey: () => 'key',
      userEmail: 'sales@example.com',
      earliest: '2025-09-01',
      now: () => new Date('2025-12-05T00:00:00Z'),
      fetch,
      http: fast,
    })

  it('reads the create answer {"projectId": N}, which promises nothing else', async () => {
    const vendor = scriptedVendor({ 'POST /api/v1/projects/create': { body: { projectId: 1353680 } } })
    const created = await easyPv(vendor.fetch).createProject({ title: '105 Sample Road' }, 'sf-1')
    expect(created.remoteId).toBe('1353680')
    expect(vendor.calls).toHaveLength(1)
  })

  it('reads the list: the title is projectName (what a title edit writes), the address its own field', async () => {
    const vendor = scriptedVendor({
      'POST /api/v1/projects/list': { body: documented('easypv-project-list-response') },
    })
    const projects = []
    for await (const p of easyPv(vendor.fetch).listProjects()) projects.push(p)
    expect(projects).toHaveLength(1)
    expect(projects[0]).toMatchObject({
      remoteId: '1353680',
      title: 'Mon Sep 01 2025',
      address: '105 Sample Road Cambridge Cambridgeshire',
      postcode: 'CB1 3QD',
      stage: 'Lead',
      clientRef: null,
    })
  })

  it('finds a create whose answer was lost by what the list shows (no crmReference there)', async () => {
    const vendor = scriptedVendor({
      'POST /api/v1/projects/list': { body: documented('easypv-project-list-response') },
    })
    const client = easyPv(vendor.fetch)
    const sent = { title: 'Mon Sep 01 2025', address: '105 Sample Road Cambridge Cambridgeshire', postcode: 'CB1 3QD' }
    const coordinates = { lat: 52.1939125, lng: 0.150143 } // as sent; the list has them in single precision
    const lookup = (fields: object) => ({ clientRef: 'sf-1', fields, createdAfter: new Date('2025-09-01T09:10:00Z') })
    expect((await client.findCreated(lookup({ ...sent, ...coordinates }))).map((p) => p.remoteId)).toEqual(['1353680'])
    expect(await client.findCreated(lookup({ ...sent, ...coordinates, postcode: 'CB1 3QE' }))).toEqual([])
    expect(
      await client.findCreated({ ...lookup({ ...sent, ...coordinates }), createdAfter: new Date('2025-10-01') }),
    ).toEqual([])
  })
})

describe('Locus, as documented', () => {
  it('reads every base field of the component example, modelled ones (no aggregations) included, with no short names', async () => {
    const vendor = scriptedVendor({
      'POST /oauth/token': { body: { access_token: 't', expires_in: 3600 } },
      'GET /v3/components/123/dataavailable': { body: documented('locus-component-dataavailable') },
    })
    const client = new LocusClient({
      baseUrl: 'https://api.locusenergy.com',
      partnerId: 1,
      grant: () => ({ type: 'client_credentials' }),
      clientId: 'id',
      clientSecret: () => 'secret',
      fetch: vendor.fetch,
      http: fast,
    })
    const fields = await client.monitoring.dataAvailable('123')
    expect(fields).toHaveLength(15)
    expect(fields.find((f) => f.baseField === 'W_m')).toMatchObject({ fields: [], unit: 'W' })
    expect(fields.find((f) => f.baseField === 'Wh')?.fields).toEqual(['Wh_sum'])
  })
})

describe('Aurora, as documented and as integrators report it', () => {
  const tenant = '/tenants/t1/projects'
  const aurora = (fetch: typeof globalThis.fetch) =>
    new AuroraClient({
      baseUrl: 'https://api.aurorasolar.com',
      tenantId: 't1',
      token: () => 't',
      version: '2024.05',
      fetch,
      http: fast,
    })
  const project = {
    id: 'p-1',
    name: 'Park residence',
    property_address: '4 Elm St, Austin, TX 78704, USA',
    location: {
      property_address: '4 Elm St, Austin, TX 78704, USA',
      latitude: 30.25,
      longitude: -97.75,
      property_address_components: {
        street_address: '4 Elm St',
        city: 'Austin',
        region: 'TX',
        postal_code: '78704',
        country: 'US',
      },
    },
    project_type: 'residential',
    created_at: '2026-01-05T10:00:00Z',
  }

  it('reads the 2024.05 address in parts, and a ZIP change sends the whole line with nothing else changed', async () => {
    const vendor = scriptedVendor({
      [`GET ${tenant}/p-1`]: { body: { project } },
      [`PUT ${tenant}/p-1`]: ({ body }) => ({
        body: { project: { ...project, ...(body as { project: object }).project } },
      }),
    })
    const client = aurora(vendor.fetch)
    const current = await client.getProject('p-1')
    expect(current).toMatchObject({ address: '4 Elm St', locality: 'Austin', region: 'TX', postcode: '78704' })
    await client.updateProject('p-1', { postcode: '78705' }, current)
    expect(vendor.calls.at(-1)!.body).toEqual({ project: { property_address: '4 Elm St, Austin, TX 78705, USA' } })
  })

  it.each([
    [
      '{"error": "…"}',
      { error: 'Project type must be residential or commercial' },
      'Project type must be residential or commercial',
    ],
    [
      '{"errors": [{"message"}]}',
      { errors: [{ message: 'something went wrong' }, { message: 'something else went wrong' }] },
      'something went wrong; something else went wrong',
    ],
    ['{"errors": {"field": [...]}}', { errors: { name: ["can't be blank"] } }, "name: can't be blank"],
  ])('says what an error body %s says, in words', async (_name, body, words) => {
    const vendor = scriptedVendor({ [`PUT ${tenant}/p-1`]: { status: 422, body } })
    const refused = await aurora(vendor.fetch)
      .updateProject('p-1', { title: 'x' })
      .catch((error: Error) => error)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as Error).message).toBe(`Aurora refused the change: ${words}`)
  })
})
