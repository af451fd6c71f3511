import { describe, expect, it } from 'vitest'
import { auth, call, useSandboxes } from '../../helpers/sandbox'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const base = (s: Sandbox) => `${s.baseUrls.aurora}/tenants/demo-tenant/projects`
const req = (s: Sandbox, path = '', init: Parameters<typeof call>[1] = {}, version?: string) =>
  call(`${base(s)}${path}`, {
    ...init,
    headers: { ...auth.aurora, ...(version ? { 'Aurora-API-Version': version } : {}), ...(init.headers as object) },
  })

describe('Aurora', () => {
  it.each([
    ['no token', {}, 401],
    ['a wrong token', { Authorization: 'Bearer nope' }, 401],
  ])('refuses %s in the 2022.09 error format', async (_name, headers, status) => {
    const s = await sandboxes()
    const res = await call(base(s), { headers })
    expect(res.status).toBe(status)
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] })
  })

  it('refuses another tenant', async () => {
    const s = await sandboxes()
    expect((await call(`${s.baseUrls.aurora}/tenants/other/projects`, { headers: auth.aurora })).status).toBe(403)
  })

  it('speaks 2024.05 by default: property_address, mailing_address, location, no updated_at', async () => {
    const s = await sandboxes()
    const [p] = (await req(s, '?per_page=1')).body.projects
    expect(p).toMatchObject({
      property_address: expect.any(String),
      mailing_address: expect.any(String),
      location: { property_address: p.property_address, latitude: p.latitude, longitude: p.longitude },
    })
    expect(p).not.toHaveProperty('address')
    expect(p).not.toHaveProperty('customer_address')
    expect(p).not.toHaveProperty('updated_at')
  })

  it('speaks the pre-2024.05 shape when asked with Aurora-API-Version (sandbox) or pinned', async () => {
    const s = await sandboxes()
    const [p] = (await req(s, '?per_page=1', {}, '2022.09')).body.projects
    expect(p).toMatchObject({
      address: expect.any(String),
      customer_address: expect.any(String),
      updated_at: expect.any(String),
    })
    expect(p).not.toHaveProperty('property_address')
    expect(p).not.toHaveProperty('location')
    const pinned = await sandboxes({ aurora: { pinnedVersion: '2022.09' } })
    expect((await req(pinned, '?per_page=1')).body.projects[0]).toHaveProperty('customer_address')
    expect((await req(s, '', {}, '2019.01')).status).toBe(400)
  })

  it('pages newest first, up to 250 per page', async () => {
    const s = await sandboxes({ projects: 30 })
    const first = (await req(s, '?page=1&per_page=20')).body.projects
    const second = (await req(s, '?page=2&per_page=20')).body.projects
    expect(first).toHaveLength(20)
    expect(second).toHaveLength(10)
    const created = [...first, ...second].map((p: { created_at: string }) => p.created_at)
    expect([...created].sort().reverse()).toEqual(created)
    expect((await req(s, '?per_page=251')).status).toBe(422)
  })

  it('creates with an address or coordinates, and keeps external_provider_id', async () => {
    const s = await sandboxes()
    const created = await req(s, '', {
      method: 'POST',
      json: {
        project: {
          property_address: '4 Elm St, Austin, TX 78704',
          external_provider_id: 'sf-client-1',
          customer_last_name: 'Nguyen',
        },
      },
    })
    expect(created).toMatchObject({
      status: 200,
      body: {
        project: {
          id: expect.any(String),
          external_provider_id: 'sf-client-1',
          property_address: '4 Elm St, Austin, TX 78704',
        },
      },
    })
    const byCoords = await req(s, '', { method: 'POST', json: { project: { latitude: 30.2, longitude: -97.7 } } })
    expect(byCoords.status).toBe(200)
    const fetched = await req(s, `/${created.body.project.id}`)
    expect(fetched.body.project.customer_last_name).toBe('Nguyen')
  })

  it.each([
    ['neither address nor coordinates', { project: { name: 'x' } }],
    ['no project object', { name: 'x' }],
    ['a field of the other version', { project: { address: '1 Oak St' } }],
  ])('answers 422 for %s', async (_name, json) => {
    const s = await sandboxes()
    const res = await req(s, '', { method: 'POST', json })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })

  it('updates with PUT in either version’s names', async () => {
    const s = await sandboxes()
    const [id] = s.state.aurora.projects.keys()
    const v2024 = await req(s, `/${id}`, { method: 'PUT', json: { project: { mailing_address: 'PO Box 1' } } })
    expect(v2024.body.project.mailing_address).toBe('PO Box 1')
    const v2022 = await req(
      s,
      `/${id}`,
      { method: 'PUT', json: { project: { customer_address: 'PO Box 2' } } },
      '2022.09',
    )
    expect(v2022.body.project.customer_address).toBe('PO Box 2')
  })

  it('answers 404 naming the missing project', async () => {
    const s = await sandboxes()
    const res = await req(s, '/12345343-5343-4345-3445-123456789012')
    expect(res).toEqual(
      expect.objectContaining({
        status: 404,
        body: { errors: [{ message: 'The project with id 12345343-5343-4345-3445-123456789012 could not be found' }] },
      }),
    )
  })

  it('limits to about 90 requests a minute with Retry-After', async () => {
    const s = await sandboxes()
    for (let i = 0; i < 90; i++) expect((await req(s, '?per_page=1')).status).toBe(200)
    const refused = await req(s, '?per_page=1')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    s.clock.advance(61_000)
    expect((await req(s, '?per_page=1')).status).toBe(200)
  })
})
