import { describe, expect, it } from 'vitest'
import { auth, call, useSandboxes } from '../../helpers/sandbox'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const P = '/api/orgs/1/projects/'
const url = (s: Sandbox, path: string) => `${s.baseUrls.opensolar}${path}`
const get = (s: Sandbox, path: string) => call(url(s, path), { headers: auth.opensolar })
const send = (s: Sandbox, method: string, path: string, json?: unknown) =>
  call(url(s, path), { method, headers: auth.opensolar, json })
const firstId = (s: Sandbox) => [...s.state.opensolar.projects.keys()][0]!

describe('OpenSolar auth and limits', () => {
  it.each([
    ['no Authorization header', {}, 401, 'Authentication credentials were not provided.'],
    ['a wrong token', { Authorization: 'Bearer nope' }, 401, 'Invalid token.'],
    ['a non-bearer scheme', { Authorization: 'Token demo-opensolar-token' }, 401, 'Invalid token.'],
  ])('refuses %s', async (_name, headers, status, message) => {
    const s = await sandboxes()
    expect(await call(url(s, P), { headers })).toMatchObject({ status, body: { detail: message } })
  })

  it('answers 403 for another org', async () => {
    const s = await sandboxes()
    expect(await get(s, '/api/orgs/62854/projects/')).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    })
  })

  it('allows 1000 requests per day per org, then 429 with Retry-After until UTC midnight', async () => {
    const s = await sandboxes()
    const results = []
    for (let i = 0; i < 1000; i++) results.push((await get(s, `${P}${firstId(s)}/`)).status)
    expect(results.every((r) => r === 200)).toBe(true)
    const refused = await get(s, P)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(86_400)
    expect(refused.body.detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds\.$/)
    s.clock.advance((retryAfter + 1) * 1000)
    expect((await get(s, P)).status).toBe(200)
  })

  it('expires a user token after 7 days', async () => {
    const s = await sandboxes()
    s.clock.advance(6 * 86_400_000)
    expect((await get(s, P)).status).toBe(200)
    s.clock.advance(2 * 86_400_000)
    expect((await get(s, P)).status).toBe(401)
  })
})

describe('OpenSolar projects', () => {
  it('lists pages of the requested size, newest first, until they run out', async () => {
    const s = await sandboxes({ projects: 25 })
    const page1 = await get(s, `${P}?page=1&limit=10`)
    const page3 = await get(s, `${P}?page=3&limit=10`)
    expect(page1.body).toHaveLength(10)
    expect(page3.body).toHaveLength(5)
    expect((await get(s, `${P}?page=4&limit=10`)).status).toBe(404)
    const dates = page1.body.map((p: { modified_date: string }) => p.modified_date)
    expect([...dates].sort().reverse()).toEqual(dates)
  })

  it('gives the list shape by default and the full shape for fieldset=studio', async () => {
    const s = await sandboxes()
    const [listItem] = (await get(s, `${P}?limit=1`)).body
    expect(Object.keys(listItem)).toEqual(
      expect.arrayContaining(['id', 'title', 'contacts_data', 'address', 'url', 'stage', 'modified_date', 'workflow']),
    )
    expect(listItem).not.toHaveProperty('serial_numbers_inverters')
    const [studio] = (await get(s, `${P}?limit=1&fieldset=studio`)).body
    expect(studio).toHaveProperty('serial_numbers_inverters')
    expect((await get(s, `${P}?fieldset=everything`)).status).toBe(400)
  })

  it('gets one project in the documented shape', async () => {
    const s = await sandboxes()
    const res = await get(s, `${P}${firstId(s)}/`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: firstId(s),
      lat: expect.any(Number),
      lon: expect.any(Number),
      country_iso2: 'AU',
      workflow: { workflow_id: 10422, active_stage_id: expect.any(Number) },
      stage_warning: expect.stringContaining('deprecated'),
      private_files: [],
      design: null,
    })
    expect(res.body.serial_numbers_inverters).toMatch(/^INV\d{8}$/)
    expect(await get(s, `${P}999/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } })
  })

  it('creates a project from the documented example, with its contact and our identifier', async () => {
    const s = await sandboxes()
    const res = await send(s, 'POST', P, {
      identifier: '123456',
      is_residential: '1',
      lead_source: 'Door Knockers',
      notes: 'Has a pool, needs LG panel.',
      lat: '35.12364',
      lon: '128.23216',
      address: '123 Fake st',
      locality: 'Fakesville',
      state: 'NSW',
      country_iso2: 'AU',
      zip: '2020',
      number_of_phases: '1',
      roof_type: 'https://api.opensolar.com/api/roof_types/6/',
      assigned_role: 'https://api.opensolar.com/api/orgs/1/roles/123/',
      contacts_new: [
        {
          first_name: 'George',
          family_name: 'Costanza',
          email: 'gconstanza@vanderlayindustries.com',
          phone: '0400000000',
          date_of_birth: '1990-01-01',
          gender: '2',
        },
      ],
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      identifier: '123456',
      address: '123 Fake st',
      lat: 35.12364,
      lon: 128.23216,
      number_of_phases: 1,
      org_id: 1,
      notes: 'Has a pool, needs LG panel.',
    })
    expect(res.body.contacts_data[0]).toMatchObject({ first_name: 'George', family_name: 'Costanza', gender: 2 })
    const project = (await get(s, `${P}${res.body.id}/`)).body
    expect(project).toMatchObject({ identifier: '123456', title: '123 Fake st' })
    expect(project.contacts_data[0].display).toBe('George Costanza')
  })

  it('limits creation to about 10 per minute per user', async () => {
    const s = await sandboxes()
    for (let i = 0; i < 10; i++) expect((await send(s, 'POST', P, { address: `${i} Mill Lane` })).status).toBe(201)
    const refused = await send(s, 'POST', P, { address: '11 Mill Lane' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    s.clock.advance(61_000)
    expect((await send(s, 'POST', P, { address: '11 Mill Lane' })).status).toBe(201)
  })

  it('needs the trailing slash on writes', async () => {
    const s = await sandboxes()
    expect((await send(s, 'PATCH', `${P}${firstId(s)}`, { notes: 'x' })).status).toBe(404)
    expect((await send(s, 'POST', P.slice(0, -1), { address: 'x' })).status).toBe(404)
    expect((await get(s, `${P}${firstId(s)}`)).status).toBe(200)
  })

  it('patches fields and keeps modified_date current', async () => {
    const s = await sandboxes()
    const before = (await get(s, `${P}${firstId(s)}/`)).body.modified_date
    s.clock.advance(60_000)
    const res = await send(s, 'PATCH', `${P}${firstId(s)}/`, {
      notes: 'Gate code 4412',
      serial_numbers_inverters: 'INV00000001',
      lat: -33.9,
      lon: 151.2,
    })
    expect(res.status).toBe(200)
    // The answer says nothing of the fields ("Updating a Project"); a read shows them.
    expect(res.body).not.toHaveProperty('notes')
    const after = (await get(s, `${P}${firstId(s)}/`)).body
    expect(after).toMatchObject({
      notes: 'Gate code 4412',
      serial_numbers_inverters: 'INV00000001',
      lat: -33.9,
      lon: 151.2,
    })
    expect(after.modified_date > before).toBe(true)
  })

  it('moves the stage through workflow.active_stage_id, only to a stage of the project’s workflow', async () => {
    const s = await sandboxes()
    const ok = await send(s, 'PATCH', `${P}${firstId(s)}/`, {
      workflow: { active_stage_id: 52144, workflow_id: 10422 },
      active_stage_id: 52144,
    })
    expect(ok.body.workflow.active_stage_id).toBe(52144)
    expect((await get(s, `${P}${firstId(s)}/`)).body.stage).toBe(3) // milestone "Installed"
    const refused = await send(s, 'PATCH', `${P}${firstId(s)}/`, { workflow: { active_stage_id: 61003 } })
    expect(refused.status).toBe(400)
    expect(refused.body.workflow[0]).toContain('61003')
    const mismatched = await send(s, 'PATCH', `${P}${firstId(s)}/`, {
      workflow: { active_stage_id: 52144 },
      active_stage_id: 52145,
    })
    expect(mismatched.status).toBe(400)
  })

  it.each([
    ['kwh_annual', 15000],
    ['kwh_monthly', [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 115]],
    ['kwh_every_second_month', [100, 101, 102, 103, 104, 105]],
    ['kwh_quarterly', [100, 101, 102, 103]],
    ['kwh_daily_per_month', [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]],
    ['bill_annual', 60000],
    ['bill_monthly', [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 115]],
    ['bill_every_second_month', [100, 101, 102, 103, 104, 105]],
    ['bill_quarterly', [100, 101, 102, 103]],
    ['estimate', 'Medium'],
  ])('accepts usage %s with its documented value shape', async (source, values) => {
    const s = await sandboxes()
    const res = await send(s, 'PATCH', `${P}${firstId(s)}/`, { usage: { usage_data_source: source, values } })
    expect(res.status).toBe(200)
    const usage = (await get(s, `${P}${firstId(s)}/`)).body.usage
    expect(JSON.parse(usage)).toEqual({ usage_data_source: source, values })
  })

  it.each([
    ['kwh_annual', [1, 2]],
    ['kwh_monthly', [1, 2, 3]],
    ['kwh_quarterly', [1, 2, 3, 4, 5, 6]],
    ['bill_annual', 12.5],
    ['estimate', 'Huge'],
    ['kwh_weekly', 5],
  ])('refuses usage %s with %j', async (source, values) => {
    const s = await sandboxes()
    const res = await send(s, 'PATCH', `${P}${firstId(s)}/`, { usage: { usage_data_source: source, values } })
    expect(res.status).toBe(400)
    expect(res.body.usage[0]).toContain(source)
  })

  it.each([
    ['a body that is not JSON', '{oops', 'detail'],
    ['a latitude off the planet', { lat: 123 }, 'lat'],
    ['a list instead of an object', [1, 2], 'non_field_errors'],
  ])('answers 400 for %s', async (_name, body, field) => {
    const s = await sandboxes()
    const res = await call(url(s, `${P}${firstId(s)}/`), {
      method: 'PATCH',
      headers: { ...auth.opensolar, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(res.status).toBe(400)
    expect(res.body).toHaveProperty(field)
  })

  it('deletes a project', async () => {
    const s = await sandboxes()
    const id = firstId(s)
    expect((await send(s, 'DELETE', `${P}${id}/`)).status).toBe(204)
    expect((await get(s, `${P}${id}/`)).status).toBe(404)
    expect((await send(s, 'DELETE', `${P}${id}/`)).status).toBe(404)
  })
})

describe('OpenSolar project ordering', () => {
  it('orders by ordering=field ascending and -field descending', async () => {
    const s = await sandboxes({ projects: 20 })
    const dates = async (ordering: string, key: 'created_date' | 'modified_date') =>
      (await get(s, `${P}?limit=20&ordering=${ordering}`)).body.map((p: Record<string, string>) => p[key])
    const ascending = await dates('created_date', 'created_date')
    expect(ascending).toEqual([...ascending].sort())
    const descending = await dates('-modified_date', 'modified_date')
    expect(descending).toEqual([...descending].sort().reverse())
  })
})
