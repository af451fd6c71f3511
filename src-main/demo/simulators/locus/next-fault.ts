import type { Sandbox } from '../sandbox'
import { faultsOn } from './model'

/**
 * The next fault of any inverter that lasts a while (the simulator's faults are seeded by day): advance
 * the sandbox's clock into it to have an alert open, or past it to have one closed.
 */
export function nextFault(sandbox: Sandbox, minutes = 20) {
  const now = sandbox.clock.nowMs()
  const windows = [...sandbox.state.locus.components.values()].flatMap((component) => {
    const site = sandbox.state.locus.sites.get(component.siteId)!
    return Array.from({ length: 400 }, (_, i) => faultsOn(component, site, Math.floor(now / 86_400_000) + i)).filter(
      (w): w is NonNullable<typeof w> =>
        w !== null && w.startMs > now + 60_000 && w.endMs - w.startMs > minutes * 60_000,
    )
  })
  const fault = windows.sort((x, y) => x.startMs - y.startMs)[0]
  if (!fault) throw new Error('The simulator has no inverter fault in the next 400 days')
  return fault
}
