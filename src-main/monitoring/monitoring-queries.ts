// A monitored site as the Data view shows it, and alerts across sites, read from the cache only (it
// works offline). Charts' readings come through ComponentSeries, which may also ask Locus.
import type { Kysely, Selectable } from 'kysely'
import type { MethodInput, MethodOutput, MonitoredComponent, SiteAlert } from '../../src-shared/contract'
import type { AlertsTable, Database } from '../db/schema'
import { readPulledAt } from '../db/sync-state'
import { siteTimeZone } from './site-zone'

const alertOf = (a: Selectable<AlertsTable>, componentName: string | null): SiteAlert => ({
  id: a.id,
  componentName,
  alertType: a.alert_type,
  priority: a.priority,
  startedAt: a.started_at,
  endedAt: a.ended_at,
  description: a.description,
})

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
    const ids = components.map((c) => c.id)
    const available = ids.length
      ? await this.db.selectFrom('data_availability').selectAll().where('component_id', 'in', ids).execute()
      : []
    // The most recent average power cached at any granularity: a chart's fetch refreshes it too.
    const latest = ids.length
      ? await this.db
          .selectFrom('series')
          .select(['component_id', 'ts', 'value'])
          .select((eb) => eb.fn.max('ts').as('newest'))
          .where('component_id', 'in', ids)
          .where('field', '=', 'W_avg')
          .where('value', 'is not', null)
          .groupBy('component_id')
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
    const pulled = components[0] ? await readPulledAt(this.db, components[0].account_id, 'alertsPulledAt') : undefined
    return {
      components: components.map((c): MonitoredComponent => {
        const power = latest.find((l) => l.component_id === c.id)
        return {
          id: c.id,
          name: c.name,
          nodeType: c.node_type,
          model: c.model,
          serial: c.serial,
          available: available
            .filter((a) => a.component_id === c.id)
            .map((a) => ({
              baseField: a.base_field,
              longName: a.long_name,
              unit: a.unit,
              fields: JSON.parse(a.fields_json) as string[],
              granularities: JSON.parse(a.granularities_json) as string[],
            })),
          latest: power?.value != null ? { ts: power.ts, watts: power.value } : null,
        }
      }),
      alerts: alerts.map((a) => alertOf(a, names.get(a.component_remote_id) ?? null)),
      pulledAt: pulled?.toISOString() ?? null,
      timeZone: await siteTimeZone(this.db, projectId),
    }
  }

  /** Every site's alerts, newest first, each with its site and the site's zone. */
  async alerts({ open, limit }: MethodInput<'monitoring.alerts'> & { open: boolean; limit: number }) {
    let query = this.db
      .selectFrom('alerts')
      .innerJoin('projects', 'projects.id', 'alerts.project_id')
      .leftJoin('components', (join) =>
        join
          .onRef('components.account_id', '=', 'alerts.account_id')
          .onRef('components.remote_id', '=', 'alerts.component_remote_id'),
      )
      .selectAll('alerts')
      .select(['projects.title as site_title', 'components.name as component_name'])
      .where('projects.deleted', '=', 0)
      .orderBy('alerts.started_at', 'desc')
      .orderBy('alerts.id', 'desc')
      .limit(limit)
    if (open) query = query.where('alerts.ended_at', 'is', null)
    const rows = await query.execute()
    const zones = new Map<string, string | null>()
    for (const row of rows)
      if (!zones.has(row.project_id!)) zones.set(row.project_id!, await siteTimeZone(this.db, row.project_id!))
    return {
      items: rows.map((row) => ({
        ...alertOf(row, row.component_name),
        projectId: row.project_id!,
        siteTitle: row.site_title,
        timeZone: zones.get(row.project_id!) ?? null,
      })),
    }
  }
}
