import { randomBytes } from 'node:crypto'
import { FIRST_NAMES, LAST_NAMES, MARKETS, prng } from '../../demo-geography'
import type { GeneratedProject } from '../core/generate'
import { GenerationModel, type ModelComponent, type ModelSite } from './model'

export interface LocusClient {
  id: number
  partnerId: number
  tz: string
  firstName: string
  lastName: string
  email: string
}

export interface LocusSite extends ModelSite {
  clientId: number
  name: string
  address1: string
  locale3: string
  locale1: string
  localeCode1: string
  postalCode: string
  countryCode: string
  locationTimezone: string
  installer: string
}

export interface LocusComponent extends ModelComponent {
  clientId: number
  parentId: number
  parentType: 'SITE' | 'COMPONENT'
  nodeId: string
  name: string
  application: 'GENERATION' | 'NET-GRID'
  generationType: 'SOLAR' | 'NET-GRID'
  oem: string
  model: string
  serialNumber: string
}

const STATE_NAMES: Record<string, [string, string]> = {
  CA: ['California', 'America/Los_Angeles'],
  TX: ['Texas', 'America/Chicago'],
  AZ: ['Arizona', 'America/Phoenix'],
  CO: ['Colorado', 'America/Denver'],
  NC: ['North Carolina', 'America/New_York'],
}

export interface IssuedToken {
  token: string
  clientId: string
  expiresMs: number
  refresh: string | null
}

export class LocusState {
  readonly clients = new Map<number, LocusClient>()
  readonly sites = new Map<number, LocusSite>()
  readonly components = new Map<number, LocusComponent>()
  readonly accessTokens = new Map<string, IssuedToken>()
  readonly refreshTokens = new Map<string, string>() // refresh → client_id
  /** Requests in flight per API client (client_id): the vendor allows one at a time. */
  readonly inFlight = new Map<string, number>()
  readonly model: GenerationModel

  /** `designs`: the Aurora projects of the same sandbox (some sites are their systems, installed). */
  constructor(siteCount: number, seed: number, now: () => number, designs: readonly GeneratedProject[] = []) {
    const market = MARKETS.find((m) => m.vendor === 'aurora')!
    const random = prng(seed ^ 0x10c05)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    let clientId = 419_001
    let siteId = 3_393_001
    let componentId = 54_001
    const hex = () =>
      Math.floor(random() * 0xffffffff)
        .toString(16)
        .toUpperCase()
        .padStart(8, '0')
    for (let s = 0; s < siteCount; s++) {
      // Most clients have one site; some have two or three.
      let client = [...this.clients.values()].at(-1)
      if (!client || random() < 0.7) {
        const place = pick(market.places)
        const [, tz] = STATE_NAMES[place.region] ?? ['', 'America/New_York']
        const [first, last] = [pick(FIRST_NAMES), pick(LAST_NAMES)]
        client = {
          id: clientId++,
          partnerId: 1,
          tz,
          firstName: first,
          lastName: last,
          email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@example.com',
        }
        this.clients.set(client.id, client)
      }
      const place = pick(market.places)
      const [stateName, tz] = STATE_NAMES[place.region] ?? ['', 'America/New_York']
      const sizeKw = Math.round((4 + random() * 11) * 100) / 100
      const startupMs = Date.UTC(
        2019 + Math.floor(random() * 6),
        Math.floor(random() * 12),
        1 + Math.floor(random() * 27),
      )
      const site: LocusSite = {
        id: siteId++,
        clientId: client.id,
        name: `${client.lastName} Residence${s % 7 === 3 ? ' (garage)' : ''}`,
        address1: `${1 + Math.floor(random() * 900)} ${pick(market.streets)}`,
        locale3: place.locality,
        locale1: stateName,
        localeCode1: place.region,
        postalCode: place.postcode,
        countryCode: 'US',
        locationTimezone: tz,
        latitude: Math.round((place.lat + (random() - 0.5) * 0.05) * 1e6) / 1e6,
        longitude: Math.round((place.lng + (random() - 0.5) * 0.06) * 1e6) / 1e6,
        sizeKw,
        startupMs,
        installer: pick(['Golden State Solar', 'Sunwise Installers', 'Bright Roof Co.']),
      }
      // Every third site is a system an Aurora design became: the same house, as the monitoring
      // provider spells it ("Avenue" for "Ave"), its meter a few metres from the design's pin.
      const design = designs[s]
      if (s % 3 === 1 && design) {
        const [state, zone] = STATE_NAMES[design.place.region] ?? [stateName, tz]
        Object.assign(site, {
          address1: design.address.replace(/ Ave$/, ' Avenue').replace(/ St$/, ' Street'),
          locale3: design.place.locality,
          locale1: state,
          localeCode1: design.place.region,
          postalCode: design.place.postcode,
          locationTimezone: zone,
          latitude: Math.round((design.lat + 0.00012) * 1e6) / 1e6,
          longitude: Math.round((design.lng - 0.0001) * 1e6) / 1e6,
        })
      }
      this.sites.set(site.id, site)
      const node = (n: number) => `OB.${hex()}.${n}`
      const add = (
        c: Omit<LocusComponent, 'id' | 'siteId' | 'clientId' | 'share' | 'inverterIds'> &
          Partial<Pick<LocusComponent, 'share' | 'inverterIds'>>,
      ) => {
        const component: LocusComponent = {
          share: 0,
          inverterIds: [],
          ...c,
          id: componentId++,
          siteId: site.id,
          clientId: client.id,
        }
        this.components.set(component.id, component)
        return component
      }
      const meter = add({
        parentId: site.id,
        parentType: 'SITE',
        nodeId: node(1),
        name: 'PV Meter',
        nodeType: 'METER',
        application: 'GENERATION',
        generationType: 'SOLAR',
        oem: 'Locus Energy',
        model: 'LGate 120',
        serialNumber: `LG${hex()}`,
      })
      const inverterCount = sizeKw > 10 ? 3 : sizeKw > 6 ? 2 : 1
      const inverterModel = pick([
        ['SMA', 'Sunny Boy 5.0-US'],
        ['SolarEdge', 'SE7600H-US'],
        ['Fronius', 'Primo 6.0-1'],
      ] as const)
      for (let i = 0; i < inverterCount; i++) {
        const inverter = add({
          parentId: meter.id,
          parentType: 'COMPONENT',
          nodeId: node(10 + i),
          name: `Inverter ${i + 1}`,
          nodeType: 'INVERTER',
          application: 'GENERATION',
          generationType: 'SOLAR',
          oem: inverterModel[0],
          model: inverterModel[1],
          serialNumber: `INV${hex()}`,
          share: 1 / inverterCount,
        })
        meter.inverterIds.push(inverter.id)
      }
      add({
        parentId: site.id,
        parentType: 'SITE',
        nodeId: node(30),
        name: 'Weather Station',
        nodeType: 'WEATHERSTATION',
        application: 'GENERATION',
        generationType: 'SOLAR',
        oem: 'Locus Energy',
        model: 'WS-200',
        serialNumber: `WS${hex()}`,
      })
      add({
        parentId: site.id,
        parentType: 'SITE',
        nodeId: node(40),
        name: 'Net Meter',
        nodeType: 'NETMETER',
        application: 'NET-GRID',
        generationType: 'NET-GRID',
        oem: 'Locus Energy',
        model: 'LGate 120',
        serialNumber: `NM${hex()}`,
      })
    }
    this.model = new GenerationModel(this.sites, this.components, now)
  }

  issue(clientId: string, withRefresh: boolean, nowMs: number): IssuedToken {
    const token: IssuedToken = {
      token: randomBytes(16).toString('hex'),
      clientId,
      expiresMs: nowMs + 3600 * 1000,
      refresh: withRefresh ? randomBytes(16).toString('hex') : null,
    }
    this.accessTokens.set(token.token, token)
    if (token.refresh) this.refreshTokens.set(token.refresh, clientId)
    return token
  }

  revokeAll(): void {
    this.accessTokens.clear()
    this.refreshTokens.clear()
  }
}
