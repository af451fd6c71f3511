// Readings are a pure function of (component, 5-minute slot): every granularity is aggregated from
// the same slots, so daily = sum of hourly = sum of 5-minute, computed on demand for any range.
import { hash } from '../core/generate'

export const SLOT_MS = 5 * 60_000
const DAY_MS = 86_400_000

export type NodeType = 'METER' | 'INVERTER' | 'WEATHERSTATION' | 'NETMETER'

export interface ModelComponent {
  id: number
  siteId: number
  nodeType: NodeType
  /** Inverter's share of the site's array (inverters only). */
  share: number
  /** The inverters a generation meter sums (meters only). */
  inverterIds: number[]
}

export interface ModelSite {
  id: number
  latitude: number
  longitude: number
  sizeKw: number
  startupMs: number
}

export type FaultKind = 'Zero Generation' | 'Device Fault' | 'System Disconnect'

export interface FaultWindow {
  componentId: number
  kind: FaultKind
  startMs: number
  endMs: number
}

/** Uniform in [0, 1) from any key: the model's only source of "randomness". */
export const unit = (...key: (string | number)[]): number => hash(key.join('|')) / 4294967296

/** Global horizontal irradiance under a clear sky (W/m²), from a textbook solar position. */
export function clearSkyGhi(ms: number, latitude: number, longitude: number): number {
  const date = new Date(ms)
  const dayOfYear = Math.floor((ms - Date.UTC(date.getUTCFullYear(), 0, 0)) / DAY_MS)
  const rad = Math.PI / 180
  const declination = 23.44 * Math.sin(((2 * Math.PI) / 365) * (284 + dayOfYear)) * rad
  const b = ((2 * Math.PI) / 364) * (dayOfYear - 81)
  const equationOfTimeMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b)
  const utcHours = date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600
  const solarTime = utcHours + longitude / 15 + equationOfTimeMin / 60
  const hourAngle = 15 * (solarTime - 12) * rad
  const lat = latitude * rad
  const sinElevation =
    Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle)
  return sinElevation > 0 ? 1000 * 0.95 * sinElevation ** 1.15 : 0
}

/** Fraction of clear-sky light reaching the site: a cloudiness per day, with passing clouds per slot. */
export function cloudFactor(siteId: number, slotMs: number): number {
  const day = Math.floor(slotMs / DAY_MS)
  const sky = unit('sky', siteId, day)
  const base =
    sky < 0.55
      ? 0.92 + 0.08 * unit('clear', siteId, day)
      : sky < 0.85
        ? 0.45 + 0.4 * unit('partly', siteId, day)
        : 0.12 + 0.25 * unit('overcast', siteId, day)
  const passing = sky < 0.55 ? 0.05 : 0.35
  return Math.max(0.05, base * (1 - passing * unit('slot', siteId, Math.floor(slotMs / SLOT_MS))))
}

/** About one inverter-day in seventy goes wrong, for a few midday hours. */
export function faultsOn(component: ModelComponent, site: ModelSite, dayIndex: number): FaultWindow | null {
  if (component.nodeType !== 'INVERTER' || unit('fault', component.id, dayIndex) >= 0.015) return null
  const kinds: FaultKind[] = ['Zero Generation', 'Device Fault', 'System Disconnect']
  const kind = kinds[Math.floor(unit('kind', component.id, dayIndex) * kinds.length)]!
  // Local solar noon, roughly, from the longitude.
  const noonMs = dayIndex * DAY_MS + (12 - site.longitude / 15) * 3_600_000
  const startMs = Math.floor((noonMs - (1 + 2 * unit('begin', component.id, dayIndex)) * 3_600_000) / SLOT_MS) * SLOT_MS
  const endMs = startMs + Math.ceil((1 + 4 * unit('length', component.id, dayIndex)) * 12) * SLOT_MS
  return { componentId: component.id, kind, startMs, endMs }
}

export class GenerationModel {
  private readonly dayMemo = new Map<string, Record<string, number | null>>()

  constructor(
    private readonly sites: Map<number, ModelSite>,
    private readonly components: Map<number, ModelComponent>,
    private readonly now: () => number,
  ) {}

  /** One reading of a base field for a component in the slot starting at slotMs; null = no data. */
  slot(componentId: number, baseField: string, slotMs: number): number | null {
    const component = this.components.get(componentId)
    const site = component && this.sites.get(component.siteId)
    if (!component || !site || slotMs < site.startupMs || slotMs + SLOT_MS > this.now()) return null
    const mid = slotMs + SLOT_MS / 2
    const ghi = clearSkyGhi(mid, site.latitude, site.longitude) * cloudFactor(site.id, slotMs)
    switch (component.nodeType) {
      case 'INVERTER': {
        const fault = faultsOn(component, site, Math.floor(slotMs / DAY_MS))
        const inFault = fault && slotMs >= fault.startMs && slotMs < fault.endMs
        if (inFault && fault.kind === 'System Disconnect') return null
        const watts = inFault
          ? 0
          : site.sizeKw * 1000 * 0.82 * component.share * (ghi / 1000) * (0.97 + 0.03 * unit('eff', component.id))
        return baseField === 'W' ? round(watts) : baseField === 'Wh' ? round(watts / 12) : null
      }
      case 'METER': {
        let watts = 0
        for (const id of component.inverterIds) watts += this.slot(id, 'W', slotMs) ?? 0
        return baseField === 'W' ? round(watts * 0.995) : baseField === 'Wh' ? round((watts * 0.995) / 12) : null
      }
      case 'WEATHERSTATION': {
        if (baseField === 'GHI') return round(ghi)
        if (baseField === 'TmpAmb') {
          const season = Math.cos(((new Date(mid).getUTCMonth() - (site.latitude >= 0 ? 6 : 0)) / 12) * 2 * Math.PI)
          return round(18 + 8 * season + ghi / 120 + 2 * unit('temp', site.id, Math.floor(slotMs / 3_600_000)))
        }
        return null
      }
      case 'NETMETER': {
        const hourOfDay = (((mid / 3_600_000 + site.longitude / 15) % 24) + 24) % 24
        const load =
          350 +
          900 * Math.exp(-((hourOfDay - 19) ** 2) / 6) +
          400 * Math.exp(-((hourOfDay - 7.5) ** 2) / 3) +
          150 * unit('load', site.id, Math.floor(slotMs / SLOT_MS))
        const meter = [...this.components.values()].find((c) => c.siteId === site.id && c.nodeType === 'METER')
        const generation = meter ? (this.slot(meter.id, 'W', slotMs) ?? 0) : 0
        const net = load - generation
        return baseField === 'W' ? round(net) : baseField === 'Wh' ? round(net / 12) : null
      }
    }
  }

  /**
   * Aggregates of a base field over [startMs, endMs): avg/max/min of readings and their sum, null when no slot
   * had data. Whole local days are memoised, so a year of daily values costs one pass and repeats are free.
   */
  aggregate(
    componentId: number,
    baseField: string,
    startMs: number,
    endMs: number,
    dayBounds: (ms: number) => [number, number],
  ): Record<'avg' | 'max' | 'min' | 'sum', number | null> {
    let sum = 0
    let count = 0
    let max = -Infinity
    let min = Infinity
    const add = (part: Record<string, number | null>) => {
      if (part['count'] === null || !part['count']) return
      sum += part['sum'] ?? 0
      count += part['count']
      max = Math.max(max, part['max'] ?? -Infinity)
      min = Math.min(min, part['min'] ?? Infinity)
    }
    let cursor = startMs
    while (cursor < endMs) {
      const [dayStart, dayEnd] = dayBounds(cursor)
      if (cursor === dayStart && dayEnd <= endMs) {
        add(this.memoDay(componentId, baseField, dayStart, dayEnd))
        cursor = dayEnd
      } else {
        const stop = Math.min(endMs, dayEnd)
        add(this.scan(componentId, baseField, cursor, stop))
        cursor = stop
      }
    }
    if (!count) return { avg: null, max: null, min: null, sum: null }
    return { avg: round(sum / count), max, min, sum: round(sum) }
  }

  private memoDay(componentId: number, baseField: string, start: number, end: number) {
    const key = `${componentId}|${baseField}|${start}|${end}`
    const cached = this.dayMemo.get(key)
    if (cached) return cached
    const result = this.scan(componentId, baseField, start, end)
    // Days still in progress (or in the future) change as time passes: do not keep them.
    if (end <= this.now()) this.dayMemo.set(key, result)
    return result
  }

  private scan(componentId: number, baseField: string, start: number, end: number) {
    let sum = 0
    let count = 0
    let max = -Infinity
    let min = Infinity
    for (let slot = Math.ceil(start / SLOT_MS) * SLOT_MS; slot < end; slot += SLOT_MS) {
      const value = this.slot(componentId, baseField, slot)
      if (value === null) continue
      sum += value
      count++
      if (value > max) max = value
      if (value < min) min = value
    }
    return { sum, count, max: count ? max : null, min: count ? min : null }
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000
