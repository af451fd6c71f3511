import { describe, expect, it, vi } from 'vitest'
import { contract, type MethodOutput } from '../../../src-shared/contract'
import { AppError } from '../../../src-main/errors'
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher'
import { deadlineOf } from '../../../src-main/ipc/deadlines'
import { recordingLogger } from '../../helpers/logger'

const info: MethodOutput<'app.info'> = {
  name: 'Solar Field',
  version: '1.0.0',
  shell: 'browser-host',
  demo: false,
  schemaVersion: '0001-initial',
  projectCount: 0,
}

/** Every method answered by `unused`, but those a test gives. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not used in this test')
  }
  return {
    ...(Object.fromEntries(Object.keys(contract).map((method) => [method, unused])) as unknown as Handlers),
    'app.info': () => info,
    ...overrides,
  }
}

describe('dispatcher', () => {
  it('answers a valid call with the handler output', async () => {
    const dispatcher = createDispatcher(handlers(), recordingLogger())
    expect(await dispatcher.dispatch('app.info', {})).toEqual({ ok: true, value: info })
  })

  it('refuses an unknown method without calling anything', async () => {
    const result = await createDispatcher(handlers(), recordingLogger()).dispatch('fs.readFile', {
      path: '/etc/passwd',
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
  })

  it('does not run the handler when input is invalid', async () => {
    const list = vi.fn()
    const result = await createDispatcher(handlers({ 'projects.list': list }), recordingLogger()).dispatch(
      'projects.list',
      {
        limit: 100_000,
      },
    )
    expect(list).not.toHaveBeenCalled()
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('limit') },
    })
  })

  it('passes parsed input, with defaults, to the handler', async () => {
    const list = vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 })
    await createDispatcher(handlers({ 'projects.list': list }), recordingLogger()).dispatch('projects.list', {
      limit: 5,
    })
    expect(list).toHaveBeenCalledWith(
      { limit: 5, offset: 0, sort: 'title', direction: 'asc' },
      { signal: expect.any(AbortSignal) },
    )
  })

  it('passes an AppError message through with its code', async () => {
    const get = () => {
      throw new AppError('not_found', 'This project is no longer in the local cache.')
    }
    const result = await createDispatcher(handlers({ 'projects.get': get }), recordingLogger()).dispatch(
      'projects.get',
      { id: 'x' },
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'This project is no longer in the local cache.' },
    })
  })

  it.each([
    ['SQLITE_FULL', /^The disk is full/],
    ['SQLITE_BUSY', /in use by another Solar Field/],
    ['SQLITE_IOERR_WRITE', /a disk error/],
  ])('answers a database failure (%s) in plain words, as unavailable, not internal', async (code, words) => {
    const update = () => {
      throw Object.assign(new Error(`raw ${code}`), { code })
    }
    const result = await createDispatcher(handlers({ 'projects.update': update }), recordingLogger()).dispatch(
      'projects.update',
      { id: 'x', changes: { notes: 'n' } },
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(words) } })
  })

  it('hides an unexpected error: no stack, no secret, a reference to the log', async () => {
    const log = recordingLogger()
    const get = () => {
      throw new Error('request failed: Authorization: Bearer sk_live_SECRET123 at /home/tech/.config')
    }
    const result = await createDispatcher(handlers({ 'projects.get': get }), log).dispatch('projects.get', { id: 'x' })
    expect(result.ok).toBe(false)
    const text = JSON.stringify(result)
    expect(text).not.toContain('SECRET123')
    expect(text).not.toContain('/home/tech')
    expect(text).not.toMatch(/at .*\.ts:\d+/)
    if (result.ok) return
    expect(result.error.code).toBe('internal')
    const ref = /ref ([0-9a-f]{8})/.exec(result.error.message)?.[1]
    expect(ref).toBeDefined()
    // The log has the detail (redacted) under the same reference.
    expect(log.text()).toContain(`ref ${ref}`)
    expect(log.text()).not.toContain('SECRET123')
  })

  it('treats an output that breaks the contract as an internal error', async () => {
    const broken = (() => ({ ...info, projectCount: -1 })) as Handlers['app.info']
    const log = recordingLogger()
    const result = await createDispatcher(handlers({ 'app.info': broken }), log).dispatch('app.info', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(log.entries.some((e) => e.level === 'error' && e.message.includes('app.info'))).toBe(true)
  })

  it('answers "timeout" for a handler that never settles, and aborts its work', async () => {
    let signal: AbortSignal | undefined
    const hang = ((_input: unknown, context: { signal: AbortSignal }) => {
      signal = context.signal
      return new Promise(() => undefined)
    }) as unknown as Handlers['projects.get']
    const dispatcher = createDispatcher(handlers({ 'projects.get': hang }), recordingLogger(), {
      deadlineOf: () => ({ ms: 30 }),
    })
    const result = await dispatcher.dispatch('projects.get', { id: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringMatching(/Try again/) } })
    expect(signal?.aborted).toBe(true)
  })

  it('says what the method’s deadline says, and logs a late failure instead of leaving it unhandled', async () => {
    const log = recordingLogger()
    const late = (() =>
      new Promise((_resolve, reject) =>
        setTimeout(() => reject(new Error('late')), 60),
      )) as unknown as Handlers['sync.now']
    const dispatcher = createDispatcher(handlers({ 'sync.now': late }), log, {
      deadlineOf: () => ({ ms: 20, said: 'Sync is still running.' }),
    })
    expect(await dispatcher.dispatch('sync.now', {})).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'Sync is still running.' },
    })
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(log.entries.some((e) => e.message === 'IPC sync.now failed after its deadline')).toBe(true)
  })

  it('gives every method a deadline, and the long ones more than the default', () => {
    for (const method of Object.keys(contract) as (keyof typeof contract)[])
      expect(deadlineOf(method).ms, method).toBeGreaterThan(0)
    expect(deadlineOf('sync.now').ms).toBeGreaterThan(deadlineOf('projects.list').ms)
  })
})
