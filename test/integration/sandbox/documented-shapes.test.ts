// The simulators answer with exactly the keys the vendors' documented examples show, no more and no
// fewer: a richer simulator hides client bugs (a client that reads `modified_date` from a PATCH answer
// passes against a simulator that sends it, and fails against OpenSolar).
import { describe, expect, it } from 'vitest'
import { auth, call, locusToken, useSandboxes } from '../../helpers/sandbox'
import { documented } from '../../helpers/scripted-vendor'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
type Json = Record<string, unknown>
const keys = (value: unknown) => Object.keys(value as Json).sort()
const P = '/api/orgs/1/projects/'
const F = '/api/orgs/1/private_files/'
const os = (s: Sandbox, path: string, init: RequestInit & { json?: unknown } = {}) =>
  call(`${s.baseUrls.opensolar}${path}`, { ...init, headers: { ...auth.opensolar, ...init.headers } })

describe('OpenSolar answers key for key as documented', () => {
  it('list (default fieldset): each project, its contacts and its workflow', async () => {
    const s = await sandboxes({ projects: 5 })
    const [example] = documented<Json[]>('opensolar-project-list')
    const { body } = await os(s, P)
    for (const item of body as Json[]) {
      expect(keys(item)).toEqual(keys(example))
      expect(keys(item['workflow'])).toEqual(keys(example!['workflow']))
      for (const contact of item['contacts_data'] as Json[])
        expect(keys(contact)).toEqual(keys((example!['contacts_data'] as Json[])[0]))
    }
  })

  it('single project', async () => {
    const s = await sandboxes({ projects: 2 })
    const { body } = await os(s, `${P}${[...s.state.opensolar.projects.keys()][0]}/`)
    expect(keys(body)).toEqual(keys(documented('opensolar-project-get')))
  })

  it('create, from the documented request as written', async () => {
    const s = await sandboxes()
    const created = await os(s, P, { method: 'POST', json: documented('opensolar-project-create-request') })
    expect(created.status).toBe(201)
    const example = documented<Json>('opensolar-project-create-response')
    expect(keys(created.body)).toEqual(keys(example))
    expect(keys(created.body.contacts_data[0])).toEqual(keys((example['contacts_data'] as Json[])[0]))
  })

  it('update, from the documented stage request as written', async () => {
    const s = await sandboxes()
    const id = [...s.state.opensolar.projects.keys()][0]
    const patched = await os(s, `${P}${id}/`, {
      method: 'PATCH',
      json: documented('opensolar-project-patch-stage-request'),
    })
    expect(patched.status).toBe(200)
    const example = documented<Json>('opensolar-project-patch-response')
    expect(keys(patched.body)).toEqual(keys(example))
    expect(patched.body.workflow).toMatchObject({ workflow_id: 84617, active_stage_id: 433194 })
  })

  it('private files: create, list, retrieve and update', async () => {
    const s = await sandboxes()
    const form = new FormData()
    form.append('title', 'My Document')
    form.append('file_contents', new Blob([Buffer.from('%PDF-1.4')]), 'file.pdf')
    const created = await os(s, F, { method: 'POST', body: form })
    expect(keys(created.body)).toEqual(keys(documented('opensolar-file-create-response')))
    const [listed] = (await os(s, F)).body as Json[]
    expect(keys(listed)).toEqual(keys(documented<Json[]>('opensolar-file-list')[0]))
    expect(keys((await os(s, `${F}${created.body.id}/`)).body)).toEqual(keys(documented('opensolar-file-get')))
    const renamed = await os(s, `${F}${created.body.id}/`, { method: 'PATCH', json: { title: 'new title' } })
    expect(keys(renamed.body)).toEqual(keys(documented('opensolar-file-patch-response')))
  })
})

describe('Easy PV answers key for key as documented', () => {
  const pv = (s: Sandbox, path: string, json: unknown) =>
    call(`${s.baseUrls.easypv}/api/v1/projects/${path}`, { method: 'POST', headers: auth.easypv, json })

  it('create answers {"projectId"} and nothing else; the list and its items carry the example’s keys', async () => {
    const s = await sandboxes()
    const created = await pv(s, 'create', { owner: 'tech@example.com', meta: { customerName: 'Joe Bloggs' } })
    expect(keys(created.body)).toEqual(['projectId'])
    const today = new Date().toISOString().slice(0, 10)
    const listed = await pv(s, 'list', { userEmail: 'tech@example.com', start: today, end: today })
    const example = documented<Json>('easypv-project-list-response')
    expect(keys(listed.body)).toEqual(keys(example))
    expect((listed.body.projects as Json[]).length).toBeGreaterThan(0)
    for (const item of listed.body.projects as Json[])
      expect(keys(item)).toEqual(keys((example['projects'] as Json[])[0]))
  })
})

describe('Locus answers key for key as documented', () => {
  it('dataavailable: measured fields with aggregations, modelled ones with field parameters, as the examples show', async () => {
    const s = await sandboxes({ sites: 2 })
    const { access_token: token } = await locusToken(s)
    const get = async (path: string) =>
      (await call(`${s.baseUrls.locus}/v3${path}`, { headers: { Authorization: `Bearer ${token}` } })).body
    const componentExample = documented<{ baseFields: Json[] }>('locus-component-dataavailable')
    const siteExample = documented<{ baseFields: Json[] }>('locus-site-dataavailable')
    const shapeOf = (example: { baseFields: Json[] }, source: unknown) =>
      keys(example.baseFields.find((f) => f['source'] === source && !String(f['baseField']).startsWith('GHI')))
    const inverter = [...s.state.locus.components.values()].find((c) => c.nodeType === 'INVERTER')!
    const component = await get(`/components/${inverter.id}/dataavailable`)
    expect(keys(component)).toEqual(keys(componentExample))
    const sources = new Set<unknown>()
    for (const field of component.baseFields as Json[]) {
      sources.add(field['source'])
      expect(keys(field)).toEqual(shapeOf(componentExample, field['source']))
    }
    expect([...sources].sort()).toEqual(['Measured', 'Modeled'])
    const site = await get(`/sites/${inverter.siteId}/dataavailable`)
    expect(keys(site)).toEqual(keys(siteExample))
    for (const field of site.baseFields as Json[]) expect(keys(field)).toEqual(shapeOf(siteExample, field['source']))
  })
})
