import { z } from 'zod'
import { type SandboxVendor, SANDBOX_VENDORS } from './vendor'

/**
 * A fault to inject into matching requests. Tests add them in-process or over the control API
 * (POST /__sandbox/faults), e.g. "the next 3 OpenSolar PATCHes get 503", "every Locus call is 2 s slow".
 */
export const FaultRule = z
  .object({
    vendor: z.enum(SANDBOX_VENDORS as [SandboxVendor, ...SandboxVendor[]]).optional(),
    method: z.string().toUpperCase().optional(),
    /** Regular expression matched against the path (without the vendor prefix) and query. */
    path: z.string().optional(),
    /** How many matching requests to affect; omitted = all until cleared. */
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** Retry-After as written (an HTTP-date in any form, or garbage), instead of retryAfterSeconds. */
    retryAfter: z.string().max(200).optional(),
    /** Close the connection: before anything is sent, or after half the real response. */
    drop: z.enum(['before-response', 'mid-response']).optional(),
    /** Answer 200 with a body that is not JSON, or with the real JSON cut short. */
    body: z.enum(['malformed', 'truncated']).optional(),
    /** Run the real handler (and commit its effects) before failing: the "sent but never acknowledged" case. */
    afterHandler: z.boolean().optional(),
    /** Affect only this share of matching requests (the chaos harness's background noise). */
    probability: z.number().min(0).max(1).optional(),
  })
  .strict()
export type FaultRule = z.infer<typeof FaultRule>

interface ActiveRule {
  id: number
  rule: FaultRule
  pattern: RegExp | null
  remaining: number
}

export class FaultInjector {
  private readonly rules: ActiveRule[] = []
  private nextId = 1

  add(rule: FaultRule): number {
    const parsed = FaultRule.parse(rule)
    const id = this.nextId++
    this.rules.push({
      id,
      rule: parsed,
      pattern: parsed.path ? new RegExp(parsed.path) : null,
      remaining: parsed.times ?? Infinity,
    })
    return id
  }

  remove(id: number): void {
    const index = this.rules.findIndex((r) => r.id === id)
    if (index >= 0) this.rules.splice(index, 1)
  }

  clear(): void {
    this.rules.length = 0
  }

  /** The first rule matching this request, consumed once. */
  take(vendor: SandboxVendor, method: string, path: string): FaultRule | null {
    const active = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.rule.vendor || r.rule.vendor === vendor) &&
        (!r.rule.method || r.rule.method === method) &&
        (!r.pattern || r.pattern.test(path)) &&
        (r.rule.probability === undefined || Math.random() < r.rule.probability),
    )
    if (!active) return null
    active.remaining--
    if (active.remaining <= 0) this.remove(active.id)
    return active.rule
  }
}

export const describeFault = (rule: FaultRule): string =>
  [
    rule.latencyMs ? `latency ${rule.latencyMs}ms` : '',
    rule.status ? `status ${rule.status}` : '',
    rule.drop ? `drop ${rule.drop}` : '',
    rule.body ? `body ${rule.body}` : '',
  ]
    .filter(Boolean)
    .join(', ')
