// THE IPC contract: the only place a channel, its input and its output are named, one file per domain.
// Main imports it to validate, the preload to expose; the renderer takes its types (and ./constants).
import { z } from 'zod'
import { accountMethods } from './accounts'
import { appEvents, appMethods } from './app'
import { type Envelope, type IpcError, describeIssues } from './common'
import { DATA_DOMAINS } from './constants'
import { fileMethods } from './files'
import { mapMethods } from './maps'
import { monitoringMethods } from './monitoring'
import { projectMethods } from './projects'
import { syncEvents, syncMethods } from './sync'

export * from './accounts'
export * from './app'
export { ErrorCode, IpcError, Vendor, describeIssues, textProblem, type Envelope } from './common'
export * from './constants'
export * from './files'
export * from './maps'
export * from './monitoring'
export * from './projects'
export * from './sync'

/** Every domain's methods, each name once (a test holds the domains to naming none twice). */
export const DOMAINS = {
  app: appMethods,
  accounts: accountMethods,
  projects: projectMethods,
  sync: syncMethods,
  files: fileMethods,
  monitoring: monitoringMethods,
  maps: mapMethods,
} as const

export const contract = {
  ...appMethods,
  ...accountMethods,
  ...projectMethods,
  ...syncMethods,
  ...fileMethods,
  ...monitoringMethods,
  ...mapMethods,
}

/** What a write changed: the kinds of data, and the projects (none named: any of them). */
export const DataChanged = z.object({
  domains: z.array(z.enum(DATA_DOMAINS)).min(1),
  projectIds: z.array(z.string().min(1).max(64)).max(1000).nullable(),
})
export type DataChanged = z.infer<typeof DataChanged>

export const events = { ...syncEvents, ...appEvents, 'data.changed': DataChanged } as const satisfies Record<
  string,
  z.ZodType
>

export type Contract = typeof contract
export type Method = keyof Contract
export type EventName = keyof typeof events
/** What a caller passes (before defaults are applied). */
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>
/** What a handler receives (after parsing and defaults). */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
/** The typed API the renderer programs against. */
export type Api = { [M in Method]: (input: MethodInput<M>) => Promise<MethodOutput<M>> }

/** What the preload exposes as `window.solarField` (and what the dev host's WebSocket transport mimics). */
export type Bridge = { [M in Method]: (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>> } & {
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}

export const BRIDGE_GLOBAL = 'solarField'
export const invokeChannel = (method: Method): string => `solar-field:invoke:${method}`
export const eventChannel = (event: EventName): string => `solar-field:event:${event}`

export const isMethod = (name: unknown): name is Method =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)

/** Parses a call's input; the one place both preload and main turn bad input into an IpcError. */
export function parseInput<M extends Method>(
  method: M,
  input: unknown,
): { ok: true; value: ParsedInput<M> } | { ok: false; error: IpcError } {
  const result = contract[method].input.safeParse(input ?? {})
  if (result.success) return { ok: true, value: result.data as ParsedInput<M> }
  const issues = describeIssues(result.error)
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: `${method}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    },
  }
}
