import { describe, expect, it } from 'vitest'
import { RendererRecovery, UNRESPONSIVE_GRACE_MS } from '../../../src-main/desktop/renderer-recovery'

describe('a window whose renderer dies', () => {
  it('is reloaded, saying why, and not when it merely closed', () => {
    const recovery = new RendererRecovery(() => 0)
    expect(recovery.gone('crashed')).toEqual({ action: 'reload', notice: 'crashed' })
    expect(recovery.gone('oom')).toEqual({ action: 'reload', notice: 'out-of-memory' })
    expect(recovery.gone('clean-exit')).toEqual({ action: 'wait' })
  })

  it('is not reloaded for ever: after three crashes in a minute it says what happened', () => {
    let now = 0
    const recovery = new RendererRecovery(() => now)
    for (let i = 0; i < 3; i++) expect(recovery.gone('crashed').action).toBe('reload')
    expect(recovery.gone('crashed')).toMatchObject({
      action: 'give-up',
      notice: expect.stringMatching(/4 times in a minute/),
    })
    now += 61_000
    expect(recovery.gone('crashed').action).toBe('reload')
  })

  it('is given time when busy before it is reloaded', () => {
    const recovery = new RendererRecovery()
    expect(recovery.unresponsive(2_000)).toEqual({ action: 'wait' })
    expect(recovery.unresponsive(UNRESPONSIVE_GRACE_MS)).toEqual({ action: 'reload', notice: 'unresponsive' })
  })
})
