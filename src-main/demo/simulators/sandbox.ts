// All four vendor simulators on one loopback port: in-process for tests (startSandbox({ port: 0 })),
// or as a process (`npm run sandbox`), with a control API for tests in other processes.
import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import { z } from 'zod'
import { createAuroraApp, type AuroraOptions, AuroraState } from './aurora/app'
import { SandboxClock } from './core/clock'
import { FaultInjector, FaultRule } from './core/faults'
import { HttpError, json, type Reply } from './core/http'
import { RequestLog } from './core/request-log'
import { listen } from './core/server'
import { SANDBOX_VENDORS, type SandboxVendor } from './core/vendor'
import { DEMO_CREDENTIALS } from './credentials'
import { createEasyPvApp, type EasyPvOptions, EasyPvState } from './easypv/app'
import { createLocusApp } from './locus/app'
import { LocusState } from './locus/state'
import { createTilesApp } from './tiles/app'
import { generateProjects } from './core/generate'
import { createOpenSolarApp, type OpenSolarOptions } from './opensolar/app'
import { OpenSolarState } from './opensolar/state'
import { DEMO_PROJECTS_PER_VENDOR, DEMO_SEED } from '../demo-world'

export interface SandboxOptions {
  port?: number
  seed?: number
  /** Projects per project vendor (OpenSolar, Easy PV, Aurora). */
  projects?: number
  /** Overrides `projects` for one vendor (a scale test: 100,000 at OpenSolar, the demo's few elsewhere). */
  projectsOf?: Partial<Record<'opensolar' | 'easypv' | 'aurora', number>>
  /** Locus monitored sites. */
  sites?: number
  opensolar?: Partial<OpenSolarOptions>
  easypv?: Partial<EasyPvOptions>
  aurora?: Partial<AuroraOptions>
}

export interface Sandbox {
  origin: string
  port: number
  baseUrls: Record<SandboxVendor, string>
  clock: SandboxClock
  faults: FaultInjector
  log: RequestLog
  state: { opensolar: OpenSolarState; easypv: EasyPvState; aurora: AuroraState; locus: LocusState }
  /** Revokes every credential of a vendor: its next request gets that vendor's 401. */
  revoke(vendor: SandboxVendor): void
  /** A new OpenSolar user token (as made in OpenSolar after the old one was revoked or expired). */
  issueOpenSolarToken(): string
  stop(): Promise<void>
}

export const DEFAULTS = {
  seed: DEMO_SEED,
  projects: DEMO_PROJECTS_PER_VENDOR,
  sites: 40,
  opensolar: { dailyLimit: 1000, tokenTtlMs: 7 * 86_400_000, createsPerMinute: 10 } satisfies OpenSolarOptions,
  easypv: { maxRangeDays: 366 } satisfies EasyPvOptions,
  aurora: { pinnedVersion: '2024.05', requestsPerMinute: 90 } satisfies AuroraOptions,
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULTS.seed
  const projects = options.projects ?? DEFAULTS.projects
  const clock = new SandboxClock()
  const faults = new FaultInjector()
  const log = new RequestLog()
  const state = {
    opensolar: new OpenSolarState(options.projectsOf?.opensolar ?? projects, seed),
    easypv: new EasyPvState(options.projectsOf?.easypv ?? projects, seed),
    aurora: new AuroraState(options.projectsOf?.aurora ?? projects, seed),
    locus: new LocusState(
      options.sites ?? DEFAULTS.sites,
      seed,
      () => clock.nowMs(),
      generateProjects('aurora', options.projectsOf?.aurora ?? projects, seed),
    ),
  }
  const apps = [
    createOpenSolarApp(state.opensolar, clock, { ...DEFAULTS.opensolar, ...options.opensolar }),
    createEasyPvApp(state.easypv, clock, { ...DEFAULTS.easypv, ...options.easypv }),
    createAuroraApp(state.aurora, clock, { ...DEFAULTS.aurora, ...options.aurora }),
    createLocusApp(state.locus, clock),
    createTilesApp(),
  ]
  const revoke = (vendor: SandboxVendor) => {
    if (vendor === 'opensolar') state.opensolar.tokenRevoked = true
    if (vendor === 'easypv') state.easypv.keyRevoked = true
    if (vendor === 'aurora') state.aurora.tokenRevoked = true
    if (vendor === 'locus') state.locus.revokeAll()
  }

  const issueOpenSolarToken = () => {
    const token = `os-${randomBytes(16).toString('hex')}`
    state.opensolar.issuedTokens.set(token, clock.nowMs())
    return token
  }

  const control = async (req: http.IncomingMessage, url: URL, body: () => Promise<unknown>): Promise<Reply | null> => {
    const route = `${req.method ?? 'GET'} ${url.pathname}`
    const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
      const parsed = schema.safeParse(value)
      if (!parsed.success)
        throw new HttpError(400, {
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        })
      return parsed.data
    }
    switch (route) {
      case 'GET /__sandbox/health':
        return json(200, { ok: true, baseUrls: sandbox.baseUrls, now: clock.now().toISOString() })
      case 'POST /__sandbox/faults':
        return json(201, { id: faults.add(parse(FaultRule, await body())) })
      case 'DELETE /__sandbox/faults':
        faults.clear()
        return { status: 204 }
      case 'GET /__sandbox/requests': {
        const vendor = url.searchParams.get('vendor') as SandboxVendor | null
        return json(200, { requests: log.all(vendor ? { vendor } : {}) })
      }
      case 'DELETE /__sandbox/requests':
        log.clear()
        return { status: 204 }
      case 'POST /__sandbox/clock/advance': {
        const { ms } = parse(z.object({ ms: z.number().int().min(0) }), await body())
        clock.advance(ms)
        return json(200, { now: clock.now().toISOString() })
      }
      case 'POST /__sandbox/revoke': {
        const { vendor } = parse(
          z.object({ vendor: z.enum(SANDBOX_VENDORS as [SandboxVendor, ...SandboxVendor[]]) }),
          await body(),
        )
        revoke(vendor)
        return { status: 204 }
      }
      case 'POST /__sandbox/opensolar/tokens':
        return json(201, { token: issueOpenSolarToken() })
      default:
        return null
    }
  }

  const { server, origin } = await listen({ apps, clock, faults, log, control }, options.port ?? 0)
  const sandbox: Sandbox = {
    origin,
    port: Number(new URL(origin).port),
    baseUrls: Object.fromEntries(SANDBOX_VENDORS.map((v) => [v, `${origin}/${v}`])) as Record<SandboxVendor, string>,
    clock,
    faults,
    log,
    state,
    revoke,
    issueOpenSolarToken,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  return sandbox
}

export { DEMO_CREDENTIALS }
