import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import {
  AuthError,
  BadResponseError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from '../../../src-main/providers/http/errors'
import { HttpClient, type HttpClientConfig } from '../../../src-main/providers/http/http-client'
import { DailyBudget, MemoryBudgetStore, SerialQueue } from '../../../src-main/providers/http/limits'

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | Error | (() => Promise<Response>)

/** A fetch that answers from a script, one entry per call, recording what it was sent. */
function scriptedFetch(...script: Scripted[]) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} })
    const next = script.shift() ?? { status: 200, body: {} }
    if (next instanceof Error) throw next
    if (typeof next === 'function') return next()
    const text = next.body === undefined ? null : typeof next.body === 'string' ? next.body : JSON.stringify(next.body)
    return new Response(next.status === 204 ? null : text, { status: next.status, headers: next.headers })
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls }
}

const client = (fetch: typeof globalThis.fetch, config: Partial<HttpClientConfig> = {}) =>
  new HttpClient({
    vendor: 'aurora',
    baseUrl: 'https://vendor.test/api',
    fetch,
    minBackoffMs: 1,
    maxBackoffMs: 5,
    authorize: () => ({ Authorization: 'Bearer t' }),
    ...config,
  })

const Thing = z.looseObject({ id: z.number(), name: z.string() })

describe('HttpClient', () => {
  it('sends JSON with auth and query, and parses the answer, keeping unknown fields', async () => {
    const { fetch, calls } = scriptedFetch({ status: 200, body: { id: 1, name: 'x', added_later: true } })
    const result = await client(fetch).request({
      method: 'POST',
      path: '/things',
      query: { page: 2, tags: ['a', 'b'], skip: undefined },
      json: { name: 'x' },
      schema: Thing,
    })
    expect(result).toEqual({ id: 1, name: 'x', added_later: true })
    expect(calls[0]!.url).toBe('https://vendor.test/api/things?page=2&tags=a&tags=b')
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: 'Bearer t', 'Content-Type': 'application/json' })
    expect(calls[0]!.init.body).toBe('{"name":"x"}')
  })

  it.each([
    [401, AuthError],
    [402, PermissionError],
    [403, PermissionError],
    [404, NotFoundError],
    [400, ValidationError],
    [422, ValidationError],
    [409, ValidationError],
  ])('turns HTTP %i into %o', async (status, type) => {
    const { fetch } = scriptedFetch({ status, body: { errors: [{ message: 'stage 7 is not in this workflow' }] } })
    const error = await client(fetch)
      .request({ method: 'GET', path: '/x', schema: Thing })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toContain('stage 7 is not in this workflow')
  })

  it('retries a read through 5xx and network errors, then succeeds', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 503 },
      new TypeError('fetch failed'),
      { status: 500 },
      { status: 200, body: { id: 1, name: 'y' } },
    )
    expect(await client(fetch).request({ method: 'GET', path: '/x', schema: Thing })).toMatchObject({ id: 1 })
    expect(calls).toHaveLength(4)
  })

  it('gives up after the configured retries with the last error', async () => {
    const { fetch, calls } = scriptedFetch(...Array.from({ length: 5 }, () => ({ status: 502 })))
    await expect(
      client(fetch, { retries: 2 }).request({ method: 'GET', path: '/x', schema: Thing }),
    ).rejects.toBeInstanceOf(ServerError)
    expect(calls).toHaveLength(3)
  })

  it('never resends a create blindly after a 5xx or a lost answer', async () => {
    for (const failure of [{ status: 503 }, new TypeError('socket hang up')] as Scripted[]) {
      const { fetch, calls } = scriptedFetch(failure, { status: 200, body: { id: 1, name: 'z' } })
      await expect(
        client(fetch).request({ method: 'POST', path: '/things', json: {}, schema: Thing }),
      ).rejects.toBeInstanceOf(ProviderErrorLike)
      expect(calls).toHaveLength(1)
    }
  })

  it('retries a create the vendor refused with 429, honouring Retry-After', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 429, headers: { 'Retry-After': '1' } },
      { status: 201, body: { id: 9, name: 'n' } },
    )
    const started = Date.now()
    expect(await client(fetch).request({ method: 'POST', path: '/things', json: {}, schema: Thing })).toMatchObject({
      id: 9,
    })
    expect(calls).toHaveLength(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(990)
  })

  it('hands a long Retry-After to the caller instead of waiting', async () => {
    const { fetch, calls } = scriptedFetch({ status: 429, headers: { 'Retry-After': '3600' } })
    const error = await client(fetch)
      .request({ method: 'GET', path: '/x', schema: Thing })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitedError)
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000)
    expect(calls).toHaveLength(1)
  })

  it('times out a request that does not answer', async () => {
    const slow: typeof globalThis.fetch = (url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
      )
    const error = await client(slow, { timeoutMs: 50, retries: 0 })
      .request({ method: 'GET', path: '/x', schema: Thing })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).timedOut).toBe(true)
  })

  it.each([
    ['not JSON', { status: 200, body: '<html>502 Bad Gateway</html>' }, ''],
    ['a missing field', { status: 200, body: { id: 1 } }, 'name'],
    ['a wrong type', { status: 200, body: { id: 'one', name: 'x' } }, 'id'],
  ])('reports %s as BadResponse with the path', async (_name, answer, path) => {
    const { fetch } = scriptedFetch(answer)
    const error = await client(fetch)
      .request({ method: 'GET', path: '/x', schema: Thing })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadResponseError)
    expect((error as BadResponseError).path).toBe(path)
  })

  it('reports a body cut off mid-way as a network error, and retries a read', async () => {
    const cut = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id": 1, "na'))
            controller.error(new Error('other side closed'))
          },
        }),
        { status: 200 },
      )
    const { fetch, calls } = scriptedFetch(cut, { status: 200, body: { id: 1, name: 'ok' } })
    expect(await client(fetch).request({ method: 'GET', path: '/x', schema: Thing })).toMatchObject({ name: 'ok' })
    expect(calls).toHaveLength(2)
  })

  it('renews credentials once on a 401, then gives up with AuthError', async () => {
    const refreshAuth = vi.fn().mockResolvedValue(true)
    const ok = scriptedFetch({ status: 401 }, { status: 200, body: { id: 1, name: 'a' } })
    expect(await client(ok.fetch, { refreshAuth }).request({ method: 'GET', path: '/x', schema: Thing })).toMatchObject(
      { id: 1 },
    )
    expect(refreshAuth).toHaveBeenCalledTimes(1)
    const still = scriptedFetch({ status: 401 }, { status: 401 })
    await expect(
      client(still.fetch, { refreshAuth }).request({ method: 'GET', path: '/x', schema: Thing }),
    ).rejects.toBeInstanceOf(AuthError)
    expect(still.calls).toHaveLength(2)
  })

  it('accepts an empty answer where none is expected', async () => {
    const { fetch } = scriptedFetch({ status: 204 })
    expect(await client(fetch).request({ method: 'PATCH', path: '/x', json: {} })).toBeUndefined()
  })
})

// Any ProviderError subclass.
const ProviderErrorLike = (await import('../../../src-main/providers/http/errors')).ProviderError

describe('DailyBudget', () => {
  const setup = (limit = 5, reserve = 2) => {
    let now = new Date('2026-11-25T10:00:00Z')
    const store = new MemoryBudgetStore()
    const budget = new DailyBudget('opensolar', limit, store, () => now, reserve)
    return {
      budget,
      store,
      setNow: (d: string) => (now = new Date(d)),
      make: () => new DailyBudget('opensolar', limit, store, () => now, reserve),
    }
  }

  it('counts each request before sending it and refuses, without sending, when used up', async () => {
    const { budget, store } = setup()
    const task = vi.fn().mockResolvedValue('ok')
    for (let i = 0; i < 5; i++) await budget.run(task, 'push')
    expect(store.read()).toEqual({ day: '2026-11-25', used: 5 })
    const error = await budget.run(task, 'push').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitedError)
    expect((error as RateLimitedError).retryAfterMs).toBe(14 * 3_600_000)
    expect(task).toHaveBeenCalledTimes(5)
  })

  it('keeps the last requests of the day for pushes', async () => {
    const { budget } = setup(5, 2)
    const task = vi.fn().mockResolvedValue('ok')
    for (let i = 0; i < 3; i++) await budget.run(task, 'pull')
    await expect(budget.run(task, 'pull')).rejects.toThrow(/kept for sending your changes/)
    await budget.run(task, 'push')
    expect(budget.remaining()).toBe(1)
  })

  it('counts a request that failed', async () => {
    const { budget } = setup()
    await budget.run(() => Promise.reject(new Error('boom')), 'push').catch(() => undefined)
    expect(budget.remaining()).toBe(4)
  })

  it('survives a restart and renews at UTC midnight', async () => {
    const { budget, make, setNow } = setup()
    await budget.run(async () => 1, 'push')
    expect(make().remaining()).toBe(4)
    setNow('2026-11-26T00:00:01Z')
    expect(make().remaining()).toBe(5)
  })

  it('believes the vendor when it says the day is used up, not when it only asks for a short pause', () => {
    const { budget } = setup()
    budget.exhausted(60_000)
    expect(budget.remaining()).toBe(5)
    budget.exhausted(null)
    expect(budget.remaining()).toBe(5)
    budget.exhausted(5 * 3_600_000)
    expect(budget.remaining()).toBe(0)
  })
})

describe('SerialQueue', () => {
  it('never runs two tasks at once, and keeps their order', async () => {
    const queue = new SerialQueue()
    let running = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        queue.run(async () => {
          running++
          most = Math.max(most, running)
          await new Promise((r) => setTimeout(r, 5))
          order.push(n)
          running--
        }),
      ),
    )
    expect(most).toBe(1)
    expect(order).toEqual([1, 2, 3, 4])
  })
})
