// A design's monitored site, against the simulators: some Locus sites are Aurora designs installed (same
// house, the address spelled the monitoring provider's way, the meter a few metres off the design's pin).
import { describe, expect, it } from 'vitest'
import { ProjectSites } from '../../../src-main/monitoring/project-sites'
import { AuroraClient } from '../../../src-main/providers/aurora/client'
import { demoLocusClient } from '../../helpers/locus-client'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { insertAccount, openTestDatabase } from '../../helpers/database'
import { DEMO_CREDENTIALS, useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()
const fast = { minBackoffMs: 5, maxBackoffMs: 20 }

async function setup() {
  const s = await sandboxes({ projects: 30, sites: 12 })
  const { db, sqlite } = await openTestDatabase(tempDir())
  const auroraId = await insertAccount(db, { id: 'aurora', provider: 'aurora' })
  const locusId = await insertAccount(db, { id: 'locus', provider: 'locus' })
  const c = DEMO_CREDENTIALS
  const clients = {
    [auroraId]: new AuroraClient({
      baseUrl: s.baseUrls.aurora,
      tenantId: c.aurora.tenantId,
      token: () => c.aurora.token,
      version: '2024.05',
      http: fast,
    }),
    [locusId]: demoLocusClient(s),
  }
  const pull = new PullEngine({ db, sqlite, providerFor: (id) => clients[id]! })
  await pull.pullAccount(auroraId)
  await pull.pullAccount(locusId)
  const byRemote = async (remoteId: string) =>
    (await db.selectFrom('projects').select('id').where('remote_id', '=', remoteId).executeTakeFirstOrThrow()).id
  return { s, db, sites: new ProjectSites(db), byRemote }
}

describe('a project’s monitored site', () => {
  it('finds the site that is a design’s installed system, and none for a design never installed', async () => {
    const { s, sites, byRemote } = await setup()
    const designs = [...s.state.aurora.projects.values()]
    const locus = [...s.state.locus.sites.values()]
    // Site 1 (of 0, 1, 2…) is design 1 installed.
    const installed = designs[1]!
    const site = locus[1]!
    const answer = await sites.siteFor(await byRemote(installed.id))
    expect(answer.chosenBy).toBe('match')
    expect(answer.site?.projectId).toBe(await byRemote(String(site.id)))
    expect(answer.site?.sameAddress).toBe(true)
    expect(answer.site?.distanceM).toBeLessThan(30)

    // A design far from every site: nothing, and nothing offered.
    const lonely = designs.find((d) => locus.every((l) => Math.abs(l.latitude - d.latitude!) > 0.05))!
    expect(await sites.siteFor(await byRemote(lonely.id))).toEqual({ site: null, chosenBy: null, offered: [] })
    // A monitored site itself links to nothing.
    expect((await sites.siteFor(await byRemote(String(site.id)))).site).toBeNull()
  })

  it('keeps the technician’s word over the match: another site, none, or back to automatic', async () => {
    const { s, sites, byRemote } = await setup()
    const design = await byRemote([...s.state.aurora.projects.values()][1]!.id)
    const matched = (await sites.siteFor(design)).site!
    const other = await byRemote(String([...s.state.locus.sites.values()][4]!.id))

    const picked = await sites.choose({ projectId: design, choice: { site: other } })
    expect([picked.site?.projectId, picked.chosenBy]).toEqual([other, 'you'])
    expect((await sites.siteFor(design)).site?.projectId).toBe(other)

    const none = await sites.choose({ projectId: design, choice: 'none' })
    expect([none.site, none.chosenBy]).toEqual([null, 'you'])
    // Still offered, to change one's mind.
    expect(none.offered.map((o) => o.projectId)).toContain(matched.projectId)

    const automatic = await sites.choose({ projectId: design, choice: 'automatic' })
    expect([automatic.site?.projectId, automatic.chosenBy]).toEqual([matched.projectId, 'match'])

    await expect(sites.choose({ projectId: design, choice: { site: design } })).rejects.toThrow(/not a monitored site/)
  })
})
