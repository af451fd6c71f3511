import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactText } from '../../../src-main/logging/logger'
import { recordingLogger } from '../../helpers/logger'

describe('log redaction', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['POST /oauth/token client_secret=demo-secret&grant_type=password', 'client_secret=[redacted]'],
    ['{"password":"demo-password"}', '"password":"[redacted]"'],
    ['X-API-KEY: demo-easypv-key', undefined],
  ])('scrubs %s', (input, expected) => {
    const out = redactText(input)
    if (expected) expect(out).toContain(expected)
    expect(out).not.toMatch(/abc\.def|demo-secret|demo-password/)
  })

  it('replaces values under secret-looking keys at any depth', () => {
    const out = redact({
      headers: { Authorization: 'Bearer x', 'X-API-KEY': 'k' },
      body: [{ refresh_token: 'r', page: 2 }],
    })
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'X-API-KEY': REDACTED },
      body: [{ refresh_token: REDACTED, page: 2 }],
    })
  })

  it('survives cycles and keeps errors readable', () => {
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic['self'] = cyclic
    expect(redact(cyclic)).toEqual({ name: 'a', self: '[circular]' })
    const error = redact(new Error('token=abc123 failed')) as { message: string }
    expect(error.message).toBe(`token=${REDACTED} failed`)
  })

  it('applies to everything a logger is given', () => {
    const log = recordingLogger()
    log.warn('sign-in with password=hunter2', { apiKey: 'k-123', attempt: 1 })
    expect(log.text()).not.toMatch(/hunter2|k-123/)
    expect(log.entries[0]?.details).toEqual({ apiKey: REDACTED, attempt: 1 })
  })
})
