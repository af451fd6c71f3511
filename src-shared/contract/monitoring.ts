// Monitoring: a site's devices, readings and alerts, and which site a project's system is.
import { z } from 'zod'
import { SERIES_GRANULARITIES } from './constants'
import { Id, IsoDateTime, LocalDate, type Methods } from './common'

/** A kind of reading a device offers (Locus dataavailable): its short field names and granularities. */
export const AvailableData = z.object({
  baseField: z.string(),
  longName: z.string(),
  unit: z.string(),
  /** Short names: Wh_sum, W_avg… (one per aggregation). */
  fields: z.array(z.string()),
  granularities: z.array(z.string()),
})
export type AvailableData = z.infer<typeof AvailableData>

export const MonitoredComponent = z.object({
  id: z.number().int(),
  name: z.string(),
  nodeType: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  /** What it reports, as Locus lists it: the Data view offers only these. */
  available: z.array(AvailableData),
  /** The latest average power (W) cached, with its time. */
  latest: z.object({ ts: IsoDateTime, watts: z.number() }).nullable(),
})
export type MonitoredComponent = z.infer<typeof MonitoredComponent>

export const SiteAlert = z.object({
  id: z.number().int(),
  componentName: z.string().nullable(),
  alertType: z.string(),
  priority: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  description: z.string(),
})
export type SiteAlert = z.infer<typeof SiteAlert>

/** Which stretch of readings: the site's day, week, month or year around an instant, or dates of its calendar. */
export const DataPeriod = z.union([
  z.object({ view: z.enum(['day', 'week', 'month', 'year']), at: z.number().int() }).strict(),
  z
    .object({
      view: z.literal('custom'),
      /** The first and last days shown, in the site's calendar. */
      from: LocalDate,
      to: LocalDate,
      granularity: z.enum(SERIES_GRANULARITIES).optional(),
    })
    .strict(),
])
export type DataPeriod = z.infer<typeof DataPeriod>
const TimeRange = z.object({ start: z.number(), end: z.number() })

const SiteLink = z.object({
  projectId: z.string(),
  title: z.string(),
  address: z.string(),
  /** From the project's pin to the site's; null when one has no position. */
  distanceM: z.number().nullable(),
  /** House number and street agree. */
  sameAddress: z.boolean(),
})
export const SiteForProject = z.object({
  site: SiteLink.nullable(),
  chosenBy: z.enum(['match', 'you']).nullable(),
  offered: z.array(SiteLink),
})
export type SiteForProject = z.infer<typeof SiteForProject>

/** An alert as the alerts list across sites shows it: with its site, in the site's time. */
export const AlertAcrossSites = SiteAlert.extend({
  projectId: z.string(),
  siteTitle: z.string(),
  timeZone: z.string().nullable(),
})
export type AlertAcrossSites = z.infer<typeof AlertAcrossSites>

export const monitoringMethods = {
  /** A monitored site's components, recent readings and alerts, from the cache. */
  'monitoring.site': {
    input: z.object({ projectId: Id }).strict(),
    output: z.object({
      components: z.array(MonitoredComponent),
      alerts: z.array(SiteAlert),
      /** When the readings were last refreshed from the vendor. */
      pulledAt: IsoDateTime.nullable(),
      /** The site's IANA time zone (Locus locationTimezone): times are shown in it, labelled, as on site. */
      timeZone: z.string().nullable(),
    }),
  },
  /**
   * Readings of one or more devices of a site over a period, overlaid: from the cache, with what it lacks
   * asked of Locus first (`fetch: false`: the cache only). `missing`: what neither holds (offline).
   */
  'monitoring.series': {
    input: z
      .object({
        projectId: Id,
        componentIds: z.array(z.number().int()).min(1).max(8),
        fields: z
          .array(z.string().regex(/^\w{1,64}$/))
          .min(1)
          .max(6),
        period: DataPeriod,
        fetch: z.boolean().default(true),
      })
      .strict(),
    output: z.object({
      range: TimeRange,
      granularity: z.string(),
      /** The zone the range and the times are in: the site's, or UTC when Locus gave none. */
      timeZone: z.string(),
      series: z.array(
        z.object({
          componentId: z.number().int(),
          componentName: z.string(),
          field: z.string(),
          unit: z.string().nullable(),
          /** Epoch ms of each interval's start, ascending, with its value. */
          ts: z.array(z.number()),
          values: z.array(z.number().nullable()),
        }),
      ),
      missing: z.array(TimeRange),
      /** Requests made of Locus for this answer. */
      requests: z.number().int().nonnegative(),
      /** Why the missing readings could not be fetched (offline, signed out…), in plain words. */
      problem: z.string().nullable(),
    }),
  },
  /**
   * The monitored site that is this project's system: the technician's choice, else the site that matches
   * by position and address (`chosenBy: 'match'`); `offered`: the sites near enough to choose from.
   */
  'monitoring.siteFor': {
    input: z.object({ projectId: Id }).strict(),
    output: SiteForProject,
  },
  /** The technician's word: this site, no site, or back to matching automatically. */
  'monitoring.chooseSite': {
    input: z
      .object({
        projectId: Id,
        choice: z.union([z.object({ site: Id }).strict(), z.literal('none'), z.literal('automatic')]),
      })
      .strict(),
    output: SiteForProject,
  },
  /** Alerts of every monitored site, newest first; `open: true` only those still open. */
  'monitoring.alerts': {
    input: z
      .object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(200) })
      .strict(),
    output: z.object({ items: z.array(AlertAcrossSites) }),
  },
} as const satisfies Methods
