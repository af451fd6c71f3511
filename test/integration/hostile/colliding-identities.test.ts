// Identity is the account's: two accounts whose vendors use the same ids and references (two OpenSolar
// organisations numbering their jobs alike, an Aurora tenant and an Easy PV team with the same numbers)
// each keep their own projects and files, and a change goes to the account it was made in.
import { describe, expect, it } from 'vitest'
import type { MethodInput } from '../../../src-shared/contract'
import { type HostileRoute, useHostileVendors } from '../../helpers/hostile-vendor'
import { documented } from '../../helpers/scripted-vendor'
import { useServices } from '../../helpers/services'

const hostile = useHostileVendors()
const services = useServices()

const project = documented<Record<string, unknown>>('opensolar-project-get')
const file = documented<Record<string, unknown>>('opensolar-file-get')

/** An OpenSolar organisation holding project 10 ("JOB-1") with file 5, and taking notes on it. */
function openSolarOrg(org: number, title: string): Record<string, HostileRoute> {
  const held = {
    ...project,
    id: 10,
    identifier: 'JOB-1',
    title,
    url: `https://api.opensolar.com/api/orgs/${org}/projects/10/`,
  }
  return {
    [`GET /api/orgs/${org}/projects/`]: ({ query }) =>
      query.get('page') === '1' ? { body: [held] } : { status: 404, body: { detail: 'Invalid page.' } },
    [`GET /api/orgs/${org}/projects/10/`]: () => ({ body: held }),
    [`PATCH /api/orgs/${org}/projects/10/`]: ({ body }) => {
      Object.assign(held, JSON.parse(body) as object, { modified_date: new Date().toISOString() })
      return { body: { id: 10, url: held.url } }
    },
    [`GET /api/orgs/${org}/private_files/`]: () => ({
      body: [
        { ...file, id: 5, title: `${title}.jpg`, project: `https://api.opensolar.com/api/orgs/${org}/projects/10/` },
      ],
    }),
    'GET /api/file_tags/': () => ({ body: [] }),
  }
}

describe('two accounts whose vendors use the same ids and references', () => {
  it('keep their own projects and files, and an edit goes to its own account only', async () => {
    const hostileVendor = await hostile({
      ...openSolarOrg(1, 'North barn'),
      ...openSolarOrg(2, 'South mill'),
      'GET /tenants/t1/projects': ({ query }) => ({
        body: {
          projects:
            query.get('page') === '1'
              ? [
                  {
                    id: '10',
                    external_provider_id: 'JOB-1',
                    name: 'Aurora ten',
                    property_address: '10 Main St, Springfield, IL 62704',
                  },
                ]
              : [],
        },
      }),
      'POST /api/v1/projects/list': ({ body }) => {
        const { start } = JSON.parse(body) as { start: string }
        const listed = documented<{ projects: Record<string, unknown>[] }>('easypv-project-list-response')
        // The team's one project, in the window of its creation.
        const here = start <= '2025-09-01' && start > '2024-09-01'
        return {
          body: { ...listed, projects: here ? [{ ...listed.projects[0], ID: 10, projectName: 'Easy ten' }] : [] },
        }
      },
    })
    const t = await services()
    const save = (vendor: string, label: string, settings: object, secrets: object) =>
      t.call('accounts.save', {
        account: {
          vendor,
          label,
          baseUrl: hostileVendor.origin,
          settings,
          secrets,
        } as MethodInput<'accounts.save'>['account'],
      })
    const north = await save('opensolar', 'North', { orgId: 1 }, { token: 'north-token' })
    const south = await save('opensolar', 'South', { orgId: 2 }, { token: 'south-token' })
    await save('aurora', 'Aurora', { tenantId: 't1' }, { token: 'aurora-token' })
    await save('easypv', 'Easy PV', { userEmail: 'tech@example.com' }, { apiKey: 'easy-key' })
    const synced = await t.call('sync.now', {})
    expect(synced.problems).toEqual([])

    const { items } = await t.call('projects.list', { limit: 50 })
    expect(items.map((p) => p.title).sort()).toEqual(['Aurora ten', 'Easy ten', 'North barn', 'South mill'])
    const status = await t.call('sync.getStatus', {})
    expect(status.accounts.every((a) => a.skipped === 0 && a.lastSync?.error === null)).toBe(true)
    const of = (title: string) => items.find((p) => p.title === title)!
    for (const [title, fileTitle] of [
      ['North barn', 'North barn.jpg'],
      ['South mill', 'South mill.jpg'],
    ]) {
      const files = await t.call('attachments.list', { projectId: of(title!).id })
      expect(files.items.map((f) => f.title)).toEqual([fileTitle])
    }
    expect(of('North barn').accountId).toBe(north.id)

    await t.call('projects.update', { id: of('South mill').id, changes: { notes: 'Isolator replaced' } })
    await t.call('sync.now', {})
    const patched = hostileVendor.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)
    expect(patched).toEqual(['/api/orgs/2/projects/10/'])
    expect((await t.call('projects.get', { id: of('South mill').id })).notes).toBe('Isolator replaced')
    expect((await t.call('projects.get', { id: of('North barn').id })).notes).not.toBe('Isolator replaced')
    expect(south.id).not.toBe(north.id)
  })
})
