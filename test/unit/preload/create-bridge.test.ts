import { describe, expect, it, vi } from 'vitest'
import { contract, type Method } from '../../../src-shared/contract'
import { createBridge } from '../../../src-preload/create-bridge'

const methods = Object.keys(contract) as Method[]

describe('createBridge', () => {
  const setup = () => {
    const invoke = vi.fn().mockResolvedValue({ ok: true, value: 'from main' })
    const subscribe = vi.fn().mockReturnValue(() => undefined)
    return { invoke, subscribe, bridge: createBridge(methods, { invoke, subscribe }) }
  }

  it('exposes every contract method and `on`, and nothing else', () => {
    expect(Object.keys(setup().bridge).sort()).toEqual([...methods, 'on'].sort())
  })

  it('is frozen, so page scripts cannot swap a method', () => {
    const { bridge } = setup()
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('sends valid calls to main unchanged', async () => {
    const { bridge, invoke } = setup()
    expect(await bridge['projects.get']({ id: 'p1' })).toEqual({ ok: true, value: 'from main' })
    expect(invoke).toHaveBeenCalledWith('projects.get', { id: 'p1' })
  })

  it('answers invalid calls itself, without a round trip', async () => {
    const { bridge, invoke } = setup()
    const result = await bridge['projects.list']({ limit: -5 })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('limit') },
    })
    expect(invoke).not.toHaveBeenCalled()
  })

  it('subscribes to events through the transport', () => {
    const { bridge, subscribe } = setup()
    const listener = vi.fn()
    bridge.on('sync.status', listener)
    expect(subscribe).toHaveBeenCalledWith('sync.status', listener)
  })
})
