// A monitored site as the Data view shows it, read from the cache only (it works offline).
import type { Kysely } from 'kysely'
import type { MethodOutput, MonitoredComponent } from '../../src-preload/contract'
import type { Database } from '../db/schema'
import { remoteJsonOf } from '../projects/remote-copy'
import { readPulledAt, SYNC_STATE_KEYS } from '../sync/sync-status'

export class MonitoringQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async site(projectId: string): Promise<MethodOutput<'monitoring.site'>> {
    const components = await this.db
      .selectFrom('components')
      .select(['id', 'name', 'node_type', 'model', 'serial', 'remote_id', 'account_id'])
      .where('project_id', '=', projectId)
      .orderBy('node_type')
      .orderBy('name')
      .execute()
    const readings = components.length
      ? await this.db
          .selectFrom('series')
          .select(['component_id', 'field', 'ts', 'value'])
          .where(
            'component_id',
            'in',
            components.map((c) => c.id),
          )
          .where('granularity', '=', 'hourly')
          .where('field', 'in', ['Wh_sum', 'W_avg'])
          .orderBy('ts')
          .execute()
      : []
    const alerts = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('started_at', 'desc')
      .limit(50)
      .execute()
    const names = new Map(components.map((c) => [c.remote_id, c.name]))
    const pulled = components[0]
      ? await readPulledAt(this.db, components[0].account_id, SYNC_STATE_KEYS.alertsPulledAt)
      : undefined
    return {
      components: components.map((c): MonitoredComponent => {
        const mine = readings.filter((r) => r.component_id === c.id && r.value !== null)
        const power = mine.filter((r) => r.field === 'W_avg').at(-1)
        return {
          id: c.id,
          name: c.name,
          nodeType: c.node_type,
          model: c.model,
          serial: c.serial,
          hourlyWh: mine.filter((r) => r.field === 'Wh_sum').map((r) => ({ ts: r.ts, wh: r.value! })),
          latest: power ? { ts: power.ts, watts: power.value! } : null,
        }
      }),
      alerts: alerts.map((a) => ({
        id: a.id,
        componentName: names.get(a.component_remote_id) ?? null,
        alertType: a.alert_type,
        priority: a.priority,
        startedAt: a.started_at,
        endedAt: a.ended_at,
        description: a.description,
      })),
      pulledAt: pulled?.toISOString() ?? null,
      timeZone: await this.siteTimeZone(projectId),
    }
  }

  /** Locus gives each site its `locationTimezone`; one the runtime does not know is as good as none. */
  private async siteTimeZone(projectId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('projects')
      .select(remoteJsonOf('projects.seq').as('remote_json'))
      .where('id', '=', projectId)
      .executeTakeFirst()
    let zone: unknown
    try {
      zone = row?.remote_json ? (JSON.parse(row.remote_json) as { locationTimezone?: unknown }).locationTimezone : null
    } catch {
      return null
    }
    if (typeof zone !== 'string' || !zone) return null
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return zone
    } catch {
      return null
    }
  }
}
