// The real service graph on a fresh data folder (what the desktop app and the browser host build),
// called through the dispatcher as a window would, with every log line and event it produced kept.
import path from 'node:path'
import { afterEach } from 'vitest'
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract'
import { composeServices, type ServiceOptions, type Services } from '../../src-main/composition'
import { InstallKeyCipher } from '../../src-main/secrets/install-key-cipher'
import { recordingLogger } from './logger'
import { useTempDirs } from './temp-dir'

export interface TestServices {
  services: Services
  dataDir: string
  log: ReturnType<typeof recordingLogger>
  /** Every event sent to the windows, as sent. */
  events: { event: string; payload: unknown }[]
  /** A call as a window makes it; throws the contract's error (with its code) when the answer is one. */
  call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  /** The answer itself, error or not (for tests of what crosses the boundary). */
  answer(method: string, input: unknown): Promise<unknown>
}

export function useServices(): (options?: Partial<ServiceOptions>) => Promise<TestServices> {
  const tempDir = useTempDirs()
  const open: Services[] = []
  /** One install key per data folder: a second start on the same folder reads the secrets the first saved. */
  const keys = new Map<string, string>()
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })
  return async (options = {}) => {
    const dataDir = options.dataDir ?? tempDir()
    if (!keys.has(dataDir)) keys.set(dataDir, path.join(tempDir(), 'install.key'))
    const log = recordingLogger()
    const services = await composeServices({
      dataDir,
      log,
      shell: 'browser-host',
      version: '0.0.0-test',
      demo: false,
      cipher: new InstallKeyCipher(keys.get(dataDir)),
      ...options,
    })
    open.push(services)
    const events: TestServices['events'] = []
    services.events.subscribe((event, payload) => events.push({ event, payload }))
    const answer = (method: string, input: unknown) => services.dispatcher.dispatch(method, input)
    const call = async <M extends Method>(method: M, input: MethodInput<M>) => {
      const result = await services.dispatcher.dispatch(method, input)
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
      return result.value as MethodOutput<M>
    }
    return { services, dataDir, log, events, call, answer }
  }
}
