// Locus as sync sees it (ProviderMonitoring): ids as strings, rows as numbers by short name, times in UTC.
import type { Granularity } from './range-split'
import type { MonitoredComponent, ProviderMonitoring } from '../provider'
import type { LocusClient } from './client'

export function locusMonitoring(client: LocusClient): ProviderMonitoring {
  return {
    components: async (onSkipped) =>
      (await client.components({ partner: true }, onSkipped)).map((c): MonitoredComponent => ({
        remoteId: String(c.id),
        siteRemoteId: String(c.siteId),
        parentRemoteId: c.parentType === 'COMPONENT' ? String(c.parentId) : null,
        nodeId: c.nodeId,
        name: c.name,
        nodeType: c.nodeType,
        oem: c.oem ?? null,
        model: c.model ?? null,
        serial: c.serialNumber ?? null,
        raw: c,
      })),
    dataAvailable: async (componentRemoteId, onSkipped) =>
      (await client.dataAvailable({ component: Number(componentRemoteId) }, onSkipped)).map((f) => ({
        baseField: f.baseField,
        longName: f.longName,
        unit: f.unit,
        fields: f.aggregations.map((a) => a.shortName),
        granularities: f.granularities,
      })),
    readings: async (componentRemoteId, { fields, granularity, start, end, tz, signal }, onSkipped) =>
      (
        await client.data(
          { component: Number(componentRemoteId) },
          { fields, start, end, tz: tz ?? 'UTC', gran: granularity as Granularity },
          onSkipped,
          signal,
        )
      ).map((row) => ({
        ts: row.ts,
        // JSON reads 1e999 as Infinity, which no chart (nor the contract) can take: such a value is not a reading.
        values: Object.fromEntries(fields.flatMap((f) => (isReading(row[f]) ? [[f, row[f]] as const] : []))),
      })),
    alertsUpdatedSince: async (since, onSkipped) =>
      (
        await client.alerts({ partner: true }, { tz: 'UTC', updatedSince: since.toISOString().slice(0, 19) }, onSkipped)
      ).map((a) => ({
        remoteId: String(a.id),
        componentRemoteId: String(a.componentId),
        siteRemoteId: a.siteId === undefined ? null : String(a.siteId),
        alertType: a.alertType,
        priority: a.priority,
        start: a.start,
        end: a.end ?? null,
        updated: a.updated,
        description: a.descriptionShort ?? a.descriptionLong ?? '',
        raw: a,
      })),
  }
}

const isReading = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
