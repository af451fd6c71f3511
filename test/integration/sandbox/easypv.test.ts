import { describe, expect, it } from 'vitest'
import { auth, call, useSandboxes } from '../../helpers/sandbox'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const api = (s: Sandbox, path: string) => `${s.baseUrls.easypv}/api/v1/projects/${path}`
const post = (s: Sandbox, path: string, json: unknown, method = 'POST') =>
  call(api(s, path), { method, headers: { ...auth.easypv, accept: 'application/json' }, json })
const today = () => new Date().toISOString().slice(0, 10)

describe('Easy PV', () => {
  it.each([
    ['no key', {}],
    ['a wrong key', { 'X-API-KEY': 'nope' }],
  ])('refuses %s with 401', async (_name, headers) => {
    const s = await sandboxes()
    expect(await call(api(s, 'list'), { method: 'POST', headers, json: {} })).toMatchObject({
      status: 401,
      body: { status: 'error' },
    })
  })

  it('creates a project from the documented example and returns its projectId', async () => {
    const s = await sandboxes()
    const res = await post(s, 'create', {
      owner: 'tech@example.com',
      meta: { customerName: 'Joe Bloggs', address: '123 Sample Street', postcode: 'AB12 3CD' },
    })
    expect(res).toMatchObject({ status: 200, body: { projectId: expect.any(Number) } })
    expect(s.state.easypv.projects.get(res.body.projectId)?.meta).toEqual({
      customerName: 'Joe Bloggs',
      address: '123 Sample Street',
      postcode: 'AB12 3CD',
    })
  })

  it.each([
    ['an owner outside the team', { owner: 'stranger@example.com', meta: {} }, 403],
    ['no owner', { meta: {} }, 400],
    ['a status outside the enum', { owner: 'tech@example.com', meta: { status: 'Done' } }, 400],
    ['a buildDate outside the enum', { owner: 'tech@example.com', meta: { buildDate: '1999' } }, 400],
    ['an unknown meta field', { owner: 'tech@example.com', meta: { colour: 'red' } }, 400],
    ['a latitude off the planet', { owner: 'tech@example.com', meta: { lat: 91 } }, 400],
  ])('refuses %s', async (_name, body, status) => {
    const s = await sandboxes()
    const res = await post(s, 'create', body)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ status: 'error', message: expect.any(String) })
  })

  it.each(['pre2000', 'post2000', 'post2006'])('accepts buildDate %s', async (buildDate) => {
    const s = await sandboxes()
    expect((await post(s, 'create', { owner: 'tech@example.com', meta: { buildDate } })).status).toBe(200)
  })

  it('lists the owner’s projects created in the date range, in the documented shape (ownerEmail alias)', async () => {
    const s = await sandboxes({ projects: 200 })
    const res = await post(s, 'list', { ownerEmail: 'tech@example.com', start: '2025-05-22', end: '2025-11-22' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'success', ownerEmail: 'tech@example.com', ownerID: 27091 })
    expect(res.body.projects.length).toBeGreaterThan(0)
    for (const p of res.body.projects) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining([
          'ID',
          'owner',
          'dateCreated',
          'dateModified',
          'projectName',
          'customerName',
          'address',
          'postcode',
          'lat',
          'lng',
          'status',
        ]),
      )
      expect(p.owner).toBe(27091)
      expect(p.dateCreated >= '2025-05-22' && p.dateCreated < '2025-11-23').toBe(true)
    }
    const all = [...s.state.easypv.projects.values()].filter(
      (p) => p.owner === 27091 && p.dateCreated >= '2025-05-22' && p.dateCreated < '2025-11-23',
    )
    expect(res.body.projects).toHaveLength(all.length)
  })

  it('keeps crmReference but, as documented, never lists it; coordinates come back in single precision', async () => {
    const s = await sandboxes()
    const created = await post(s, 'create', {
      owner: 'tech@example.com',
      meta: { crmReference: 'sf-42', lat: 52.1939125, lng: 0.150143 },
    })
    expect(s.state.easypv.projects.get(created.body.projectId)?.meta.crmReference).toBe('sf-42')
    const res = await post(s, 'list', { userEmail: 'tech@example.com', start: today(), end: today() })
    const listed = res.body.projects.find((p: { ID: number }) => p.ID === created.body.projectId)
    expect(listed).not.toHaveProperty('crmReference')
    expect(listed.lat).toBe(Math.fround(52.1939125))
    expect(listed.lat).not.toBe(52.1939125)
  })

  it.each([
    ['a malformed start', { start: '22/05/2025', end: '2025-11-22' }],
    ['end before start', { start: '2025-11-22', end: '2025-05-22' }],
    ['a range over the limit', { start: '2020-01-01', end: '2025-01-01' }],
  ])('refuses a list with %s', async (_name, range) => {
    const s = await sandboxes()
    expect((await post(s, 'list', { userEmail: 'tech@example.com', ...range })).status).toBe(400)
  })

  it('updates meta with a 204, validating the enums', async () => {
    const s = await sandboxes()
    const [id] = s.state.easypv.projects.keys()
    const res = await post(
      s,
      'update',
      { projectId: id, userEmail: 'tech@example.com', data: { meta: { status: 'Completed' } } },
      'PATCH',
    )
    expect(res.status).toBe(204)
    expect(s.state.easypv.projects.get(id!)?.meta.status).toBe('Completed')
    expect(
      (
        await post(
          s,
          'update',
          { projectId: id, userEmail: 'tech@example.com', data: { meta: { status: 'Finished' } } },
          'PATCH',
        )
      ).status,
    ).toBe(400)
    expect(
      (await post(s, 'update', { projectId: 1, userEmail: 'tech@example.com', data: { meta: {} } }, 'PATCH')).status,
    ).toBe(404)
  })

  it('soft-deletes (hidden, not gone) and hard-deletes (gone)', async () => {
    const s = await sandboxes()
    const { body } = await post(s, 'create', { owner: 'tech@example.com', meta: { crmReference: 'x' } })
    const id = body.projectId as number
    expect((await post(s, 'softDelete', { projectId: id, userEmail: 'tech@example.com' }, 'DELETE')).status).toBe(204)
    expect(s.state.easypv.projects.get(id)?.deleted).toBe(true)
    const listed = await post(s, 'list', { userEmail: 'tech@example.com', start: today(), end: today() })
    expect(listed.body.projects.map((p: { ID: number }) => p.ID)).not.toContain(id)
    expect(
      (await post(s, 'update', { projectId: id, userEmail: 'tech@example.com', data: { meta: {} } }, 'PATCH')).status,
    ).toBe(404)
    expect((await post(s, 'hardDelete', { projectId: id, userEmail: 'tech@example.com' }, 'DELETE')).status).toBe(204)
    expect(s.state.easypv.projects.has(id)).toBe(false)
  })

  it('answers the doc’s softDelete example as written (trailing comma) with 400, as a strict JSON parser does', async () => {
    const s = await sandboxes()
    const res = await call(api(s, 'softDelete'), {
      method: 'DELETE',
      headers: { ...auth.easypv, 'Content-Type': 'application/json' },
      body: '{\n"projectId": 986206,\n"userEmail": "tech@example.com",\n}',
    })
    expect(res).toMatchObject({ status: 400, body: { status: 'error' } })
  })
})
