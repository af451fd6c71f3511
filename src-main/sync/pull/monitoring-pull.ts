// Locus → cache: the component tree, what each component can report, its recent
// readings, and alerts. Locus serves one request at a time, so a pull asks for little: the tree in one
// listing, availability once per component (it rarely changes), readings only since the last ones
// cached, alerts only since the last pull.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Provider, ProviderMonitoring } from '../../providers/provider'
import type { ComponentSeries } from '../../monitoring/component-series'
import type { SkippedRecord } from '../../providers/http/tolerant-array'
import { readPulledAt, writePulledAt, writeSyncState } from '../../db/sync-state'

type OnSkipped = (record: SkippedRecord) => void

export interface MonitoringReport {
  components: number
  /** Requests made for readings. */
  readings: number
  alerts: number
}

/** How far back readings are kept fresh on the laptop: enough to see yesterday's generation offline. */
export const RECENT_HOURS = 48
/** The fields worth having offline, in order of preference: energy, then power. */
const WANTED_FIELDS = ['Wh_sum', 'W_avg']
/** Locus lets alerts be asked for by update time at most 7 days back. */
export const ALERTS_MAX_LOOKBACK_MS = 7 * 86_400_000 - 60_000
const HOUR_MS = 3_600_000

export class MonitoringPull {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly providerFor: (accountId: string) => Provider,
    /** Readings go through the charts' cache: one record of what was fetched, whoever fetched it. */
    private readonly series: Pick<ComponentSeries, 'ensure'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pullAccount(accountId: string): Promise<MonitoringReport | null> {
    const monitoring = this.providerFor(accountId).monitoring
    if (!monitoring) return null
    const started = this.now()
    const skipped: SkippedRecord[] = []
    const leftOut = (record: SkippedRecord) => skipped.push(record)
    const components = await this.pullComponents(accountId, monitoring, leftOut)
    let readings = 0
    for (const component of components) readings += await this.pullReadings(component)
    const alerts = await this.pullAlerts(accountId, monitoring, started, leftOut)
    await writeSyncState(
      this.db,
      accountId,
      'skippedMonitoring',
      { count: skipped.length, records: skipped.slice(0, 50) },
      this.now(),
    )
    return { components: components.length, readings, alerts }
  }

  private async pullComponents(accountId: string, monitoring: ProviderMonitoring, leftOut: OnSkipped) {
    const remote = await monitoring.components(leftOut)
    const sites = new Map(
      (
        await this.db.selectFrom('projects').select(['id', 'remote_id']).where('account_id', '=', accountId).execute()
      ).map((p) => [p.remote_id, p.id]),
    )
    await this.db.transaction().execute(async (trx) => {
      for (const c of remote) {
        const projectId = sites.get(c.siteRemoteId)
        if (!projectId) continue // a site the project pull has not brought in yet: next time
        const columns = {
          project_id: projectId,
          parent_remote_id: c.parentRemoteId,
          node_id: c.nodeId,
          name: c.name,
          node_type: c.nodeType,
          oem: c.oem,
          model: c.model,
          serial: c.serial,
          raw_json: JSON.stringify(c.raw),
        }
        await trx
          .insertInto('components')
          .values({ ...columns, account_id: accountId, remote_id: c.remoteId })
          .onConflict((oc) => oc.columns(['account_id', 'remote_id']).doUpdateSet(columns))
          .execute()
      }
      // Removed at the vendor (decommissioned): gone here too, readings with them.
      const listed = remote.map((c) => c.remoteId)
      let gone = trx.deleteFrom('components').where('account_id', '=', accountId)
      if (listed.length) gone = gone.where('remote_id', 'not in', listed)
      await gone.execute()
    })
    const rows = await this.db
      .selectFrom('components')
      .select(['id', 'remote_id', 'project_id'])
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute()
    for (const row of rows) await this.ensureAvailability(row, monitoring, leftOut)
    return rows
  }

  private async ensureAvailability(
    component: { id: number; remote_id: string },
    monitoring: ProviderMonitoring,
    leftOut: OnSkipped,
  ) {
    const known = await this.db
      .selectFrom('data_availability')
      .select('base_field')
      .where('component_id', '=', component.id)
      .executeTakeFirst()
    if (known) return
    const fields = await monitoring.dataAvailable(component.remote_id, leftOut)
    await this.db.transaction().execute(async (trx) => {
      for (const f of fields) {
        await trx
          .insertInto('data_availability')
          .values({
            component_id: component.id,
            base_field: f.baseField,
            long_name: f.longName,
            unit: f.unit,
            fields_json: JSON.stringify(f.fields),
            granularities_json: JSON.stringify(f.granularities),
          })
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
    })
  }

  /**
   * Hourly readings of the wanted fields over the recent window, in the site's hours: only what no
   * earlier pull or chart fetched (the hour in progress is asked for again). Older readings stay: a
   * chart the technician opened before the visit should still open on the roof.
   */
  private async pullReadings(component: { id: number; remote_id: string; project_id: string }): Promise<number> {
    const available = await this.db
      .selectFrom('data_availability')
      .select(['fields_json', 'granularities_json'])
      .where('component_id', '=', component.id)
      .execute()
    const fields = WANTED_FIELDS.filter((wanted) =>
      available.some(
        (a) =>
          (JSON.parse(a.fields_json) as string[]).includes(wanted) &&
          (JSON.parse(a.granularities_json) as string[]).includes('hourly'),
      ),
    )
    if (!fields.length) return 0
    const now = this.now().getTime()
    const start = Math.floor((now - RECENT_HOURS * HOUR_MS) / HOUR_MS) * HOUR_MS
    return this.series.ensure(component.project_id, [component.id], fields, 'hourly', { start, end: now })
  }

  private async pullAlerts(
    accountId: string,
    monitoring: ProviderMonitoring,
    started: Date,
    leftOut: OnSkipped,
  ): Promise<number> {
    const lastAt = (await readPulledAt(this.db, accountId, 'alertsPulledAt'))?.getTime() ?? 0
    const since = new Date(Math.max(lastAt - 10 * 60_000, started.getTime() - ALERTS_MAX_LOOKBACK_MS))
    const alerts = await monitoring.alertsUpdatedSince(since, leftOut)
    await this.db.transaction().execute(async (trx) => {
      const components = new Map(
        (
          await trx
            .selectFrom('components')
            .select(['remote_id', 'project_id'])
            .where('account_id', '=', accountId)
            .execute()
        ).map((c) => [c.remote_id, c.project_id]),
      )
      for (const a of alerts) {
        const columns = {
          project_id: components.get(a.componentRemoteId) ?? null,
          component_remote_id: a.componentRemoteId,
          alert_type: a.alertType,
          priority: a.priority,
          started_at: a.start,
          ended_at: a.end,
          updated_at: a.updated,
          description: a.description,
          raw_json: JSON.stringify(a.raw),
        }
        await trx
          .insertInto('alerts')
          .values({ ...columns, account_id: accountId, remote_id: a.remoteId })
          .onConflict((oc) => oc.columns(['account_id', 'remote_id']).doUpdateSet(columns))
          .execute()
      }
      await writePulledAt(trx, accountId, 'alertsPulledAt', started, this.now())
    })
    return alerts.length
  }
}
