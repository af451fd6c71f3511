// While a hostile vendor keeps a pull busy — pages of megabytes, full for ever — the host keeps
// answering the window: long work gives the thread back, and the pull ends on its own with a clear error.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MethodInput, MethodOutput } from '../../../src-shared/contract'
import { connect, call, startTestHost } from '../../helpers/host'
import { auroraProjects, useHostileVendors } from '../../helpers/hostile-vendor'
import { recordingLogger } from '../../helpers/logger'
import { useTempDirs } from '../../helpers/temp-dir'

const hostile = useHostileVendors()
const tempDir = useTempDirs()

/**
 * Aurora, hostile: a first page of 4,000 projects with 12 kB of notes each (48 MB, where 250 were asked
 * for), then pages full for ever.
 */
const heavyPages = () => {
  const first = JSON.stringify({
    projects: auroraProjects(4_000, 'p1').map((p) => ({ ...p, notes: 'n'.repeat(12_000) })),
  })
  // Bytes made once: the server (in this process) does not hold the thread encoding them per request.
  const firstBytes = Buffer.from(first)
  return hostile({
    'GET /tenants/t1/projects': ({ query }) =>
      query.get('page') === '1'
        ? { raw: firstBytes }
        : { body: { projects: auroraProjects(Number(query.get('per_page')), `p${query.get('page')}`) } },
  })
}

describe('a host under a hostile pull', () => {
  it('answers every call within 200 ms while the pull runs, and the pull ends with a clear error', async () => {
    const vendor = await heavyPages()
    const dataDir = tempDir()
    const running = await startTestHost({ dataDir, log: recordingLogger() })
    try {
      const opened = await connect(running.host)
      if (!('ws' in opened)) throw new Error(`could not connect: ${opened.status}`)
      const { ws } = opened
      const account: MethodInput<'accounts.save'>['account'] = {
        vendor: 'aurora',
        label: 'Hostile',
        baseUrl: vendor.origin,
        settings: { tenantId: 't1' },
        secrets: { token: 'tok' },
      }
      await call(ws, 'accounts.save', { account })
      let done = false
      const sync = (call(ws, 'sync.now', {}) as Promise<{ ok: true; value: MethodOutput<'sync.now'> }>).finally(
        () => (done = true),
      )
      const latencies: number[] = []
      while (!done) {
        const started = performance.now()
        await call(ws, latencies.length % 2 ? 'projects.list' : 'app.info', latencies.length % 2 ? { limit: 50 } : {})
        latencies.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const { value } = await sync
      expect(value.problems.join(' ')).toMatch(/Aurora kept listing past/)
      // The pull was long enough to have mattered: tens of megabytes read, many calls answered meanwhile.
      expect(vendor.requests.length).toBeGreaterThanOrEqual(10)
      expect(latencies.length).toBeGreaterThanOrEqual(10)
      console.log('LAT', latencies.length, Math.max(...latencies).toFixed(1), vendor.requests.length)
      expect(Math.max(...latencies)).toBeLessThan(200)
      expect(fs.existsSync(path.join(dataDir, 'solar-field.db'))).toBe(true)
    } finally {
      await running.close()
    }
  }, 60_000)
})
