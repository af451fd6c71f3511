import { describe, expect, it } from 'vitest'
import { migrations } from '../../migrations/index'
import { openDatabase } from '../../src-main/db/open-database'
import { easyPvOwnedByOffice } from '../../src-main/demo/demo-world'
import { seedDemoData } from '../../src-main/demo/seed-demo-data'
import { auth, call, useSandboxes } from '../helpers/sandbox'
import { useTempDirs } from '../helpers/temp-dir'
import path from 'node:path'

const tempDir = useTempDirs()
const sandboxes = useSandboxes()

describe('demo data', () => {
  it('holds the projects the simulators serve, under their remote ids, with accounts pointing at them', async () => {
    const s = await sandboxes({ projects: 40 })
    const opened = await openDatabase(path.join(tempDir(), 'demo.db'), { migrations })
    const baseUrls = s.baseUrls
    const ownEasyPv = [...s.state.easypv.projects.values()].filter((p) => !easyPvOwnedByOffice(p.ID))
    expect(await seedDemoData(opened.db, { projectsPerVendor: 40, baseUrls })).toEqual({
      projects: 80 + ownEasyPv.length,
    })
    const accounts = await opened.db
      .selectFrom('accounts')
      .select(['provider', 'base_url'])
      .orderBy('provider')
      .execute()
    expect(accounts).toEqual(
      Object.entries(baseUrls)
        // The tile host is a street source, not an account.
        .filter(([provider]) => provider !== 'tiles')
        .map(([provider, base_url]) => ({ provider, base_url }))
        .sort((a, b) => a.provider.localeCompare(b.provider)),
    )

    const cached = await opened.db.selectFrom('projects').selectAll().execute()
    const byRemote = (vendor: string, id: string) => cached.find((p) => p.provider === vendor && p.remote_id === id)

    const os = (
      await call(`${baseUrls.opensolar}/api/orgs/1/projects/?limit=100&fieldset=studio`, { headers: auth.opensolar })
    ).body
    expect(os).toHaveLength(40)
    for (const remote of os) {
      expect(byRemote('opensolar', String(remote.id))).toMatchObject({
        title: remote.title,
        lat: remote.lat,
        lng: remote.lon,
        serials_inverters: remote.serial_numbers_inverters,
        locality: remote.locality,
      })
    }
    // Only the demo account's own Easy PV projects: it cannot list the office's.
    expect(ownEasyPv.length).toBeLessThan(40)
    expect(cached.filter((p) => p.provider === 'easypv')).toHaveLength(ownEasyPv.length)
    for (const remote of ownEasyPv) {
      expect(byRemote('easypv', String(remote.ID))).toMatchObject({
        lat: remote.meta.lat,
        postcode: remote.meta.postcode,
        stage: remote.meta.status,
      })
    }
    for (const remote of s.state.aurora.projects.values()) {
      expect(byRemote('aurora', remote.id)).toMatchObject({
        lat: remote.latitude,
        customer_email: remote.customer_email,
      })
    }
    await opened.close()
  })

  it('seeds only an empty database', async () => {
    const opened = await openDatabase(path.join(tempDir(), 'demo.db'), { migrations })
    expect((await seedDemoData(opened.db, { projectsPerVendor: 5 })).projects).toBeGreaterThan(10)
    expect((await seedDemoData(opened.db, { projectsPerVendor: 5 })).projects).toBe(0)
    await opened.close()
  })
})
