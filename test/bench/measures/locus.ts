// locus_year_5min_requests: a year of five-minute readings for one component, as the Locus client asks
// for it (each request's range under Locus' 31-day limit for 5min; the simulator refuses a longer one).
import { demoLocusClient } from '../../helpers/locus-client'
import { startSandbox } from '../../../src-main/demo/simulators/sandbox'

export async function measureLocusYear() {
  const sandbox = await startSandbox({ projectsOf: { opensolar: 0, easypv: 0, aurora: 0 }, sites: 1 })
  try {
    const client = demoLocusClient(sandbox)

    const [component] = await client.monitoring.components()
    sandbox.log.clear()
    const end = new Date(Date.UTC(new Date().getUTCFullYear(), 0, 1))
    const start = new Date(end.getTime() - 365 * 86_400_000)
    const rows = await client.monitoring.readings(component!.remoteId, {
      fields: ['Wh_sum'],
      granularity: '5min',
      start: start.toISOString().slice(0, 19),
      end: end.toISOString().slice(0, 19),
    })
    const requests = sandbox.log.all({ vendor: 'locus', pathIncludes: '/data' }).length
    return { locus_year_5min_requests: requests, detail: { rows: rows.length } }
  } finally {
    await sandbox.stop()
  }
}
