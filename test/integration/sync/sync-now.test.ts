import { describe, expect, it } from 'vitest'
import type { MethodOutput } from '../../../src-shared/contract'
import { composeServices, type Services } from '../../../src-main/composition'
import { recordingLogger } from '../../helpers/logger'
import { useSandboxes } from '../../helpers/sandbox'
import { useTempDirs } from '../../helpers/temp-dir'

const sandboxes = useSandboxes()
const tempDir = useTempDirs()

const dispatch = async <T>(services: Services, method: string, input: unknown): Promise<T> => {
  const result = await services.dispatcher.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

describe('the demo on the simulators, through the IPC contract', () => {
  it('an edit made offline reaches the vendor on sync, and the queue empties', async () => {
    const s = await sandboxes({ projects: 300, sites: 3 })
    const services = await composeServices({
      dataDir: tempDir(),
      log: recordingLogger(),
      shell: 'browser-host',
      version: 't',
      demo: true,
      sandboxOrigin: s.origin,
    })
    try {
      const list = await dispatch<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 500 })
      const target = list.items.find((p) => p.vendor === 'opensolar')!
      const detail = await dispatch<MethodOutput<'projects.get'>>(services, 'projects.get', { id: target.id })
      expect(
        await dispatch(services, 'projects.update', { id: target.id, changes: { notes: 'Checked the isolator: OK' } }),
      ).toEqual({ pending: 1 })
      expect((await dispatch<MethodOutput<'sync.getStatus'>>(services, 'sync.getStatus', {})).totals.queued).toBe(1)

      const result = await dispatch<MethodOutput<'sync.now'>>(services, 'sync.now', {})
      expect(result).toMatchObject({ accounts: 4, sent: 1, problems: [] })
      expect(s.state.opensolar.projects.get(Number(detail.remoteId))?.notes).toBe('Checked the isolator: OK')
      const status = await dispatch<MethodOutput<'sync.getStatus'>>(services, 'sync.getStatus', {})
      expect(status.totals).toEqual({ queued: 0, failed: 0, conflicts: 0 })
      expect(status.accounts.every((a) => a.lastPullAt)).toBe(true)
      // The pull matched the demo cache to the simulators' projects (no duplicates) and added the monitored sites.
      const after = await dispatch<MethodOutput<'projects.list'>>(services, 'projects.list', { limit: 1 })
      // 300 OpenSolar, the 200 Easy PV projects the demo account owns, 300 Aurora, and the 3 sites.
      expect(after.total).toBe(300 + 200 + 300 + 3)
      expect((await dispatch<MethodOutput<'projects.get'>>(services, 'projects.get', { id: target.id })).pending).toBe(
        0,
      )
    } finally {
      await services.close()
    }
  })
})
