import http from 'node:http'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { auth, call, useSandboxes } from '../../helpers/sandbox'

const sandboxes = useSandboxes()
const projectsPath = '/api/orgs/1/projects/'

describe('sandbox server', () => {
  it('listens on loopback, one prefix per vendor and one for the tile host', async () => {
    const s = await sandboxes()
    expect(new URL(s.origin).hostname).toBe('127.0.0.1')
    expect(s.baseUrls).toEqual({
      opensolar: `${s.origin}/opensolar`,
      easypv: `${s.origin}/easypv`,
      aurora: `${s.origin}/aurora`,
      locus: `${s.origin}/locus`,
      tiles: `${s.origin}/tiles`,
    })
    expect((await call(`${s.origin}/solarcity/api`)).status).toBe(404)
  })

  it('serves the street archive by range, as PMTiles is read, and whole when no range is asked', async () => {
    const s = await sandboxes()
    const url = `${s.baseUrls.tiles}/streets.pmtiles`
    const head = await fetch(url, { headers: { Range: 'bytes=0-126' } })
    expect(head.status).toBe(206)
    expect(head.headers.get('content-range')).toMatch(/^bytes 0-126\/\d+$/)
    const bytes = Buffer.from(await head.arrayBuffer())
    expect([bytes.length, bytes.subarray(0, 7).toString('ascii'), bytes[7]]).toEqual([127, 'PMTiles', 3])
    const whole = await fetch(url)
    expect(whole.status).toBe(200)
    expect(Number(whole.headers.get('content-length'))).toBe(Number(head.headers.get('content-range')!.split('/')[1]))
    expect((await fetch(url, { headers: { Range: 'bytes=999999999-' } })).status).toBe(416)
  })

  it('generates the same data from the same seed, and other data from another', async () => {
    const titles = async (seed: number) => {
      const s = await sandboxes({ seed })
      return (await call(`${s.baseUrls.opensolar}${projectsPath}?limit=5`, { headers: auth.opensolar })).body.map(
        (p: { title: string }) => p.title,
      )
    }
    const first = await titles(7)
    expect(await titles(7)).toEqual(first)
    expect(await titles(8)).not.toEqual(first)
  })

  it('takes its size as a parameter (benchmarks use large ones)', async () => {
    const s = await sandboxes({ projects: 5_000, sites: 7 })
    expect(s.state.opensolar.projects.size).toBe(5_000)
    expect(s.state.easypv.projects.size).toBe(5_000)
    expect(s.state.aurora.projects.size).toBe(5_000)
    expect(s.state.locus.sites.size).toBe(7)
  })
})

describe('request log', () => {
  it('records each request with vendor, principal, body and status', async () => {
    const s = await sandboxes()
    const [id] = s.state.opensolar.projects.keys()
    await call(`${s.baseUrls.opensolar}${projectsPath}${id}/`, {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { notes: 'gate code 1234' },
    })
    const [entry] = s.log.all({ vendor: 'opensolar', method: 'PATCH' })
    expect(entry).toMatchObject({
      vendor: 'opensolar',
      method: 'PATCH',
      path: `${projectsPath}${id}/`,
      principal: 'org:1',
      status: 200,
      body: { notes: 'gate code 1234' },
    })
    expect(entry!.endedAt).toBeGreaterThanOrEqual(entry!.startedAt)
  })

  it('measures the most requests in flight at once', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'aurora', latencyMs: 150 })
    await Promise.all(
      [1, 2, 3].map(() => call(`${s.baseUrls.aurora}/tenants/demo-tenant/projects`, { headers: auth.aurora })),
    )
    expect(s.log.maxConcurrent('aurora')).toBe(3)
  })
})

describe('fault injection', () => {
  const list = (s: { baseUrls: { opensolar: string } }) =>
    call(`${s.baseUrls.opensolar}${projectsPath}`, { headers: auth.opensolar })

  it('adds latency', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', latencyMs: 300, times: 1 })
    const started = Date.now()
    expect((await list(s)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('answers a given status in the vendor’s error shape, with Retry-After, the given number of times', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', status: 429, retryAfterSeconds: 7, times: 2 })
    const first = await list(s)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('7')
    expect(first.body).toEqual({ detail: 'Too many requests' })
    expect((await list(s)).status).toBe(429)
    expect((await list(s)).status).toBe(200)
  })

  it.each([500, 503])('answers %i', async (status) => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'aurora', status })
    const res = await call(`${s.baseUrls.aurora}/tenants/demo-tenant/projects`, { headers: auth.aurora })
    expect(res.status).toBe(status)
    expect(res.body).toEqual({ errors: [{ message: 'Service temporarily unavailable' }] })
  })

  it('matches by method and path', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', method: 'PATCH', path: '/projects/\\d+/$', status: 503 })
    const [id] = s.state.opensolar.projects.keys()
    expect((await list(s)).status).toBe(200)
    expect(
      (
        await call(`${s.baseUrls.opensolar}${projectsPath}${id}/`, {
          method: 'PATCH',
          headers: auth.opensolar,
          json: {},
        })
      ).status,
    ).toBe(503)
  })

  it('drops the connection before answering', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', drop: 'before-response', times: 1 })
    await expect(list(s)).rejects.toThrow()
    expect((await list(s)).status).toBe(200)
  })

  it('drops the connection half-way through the body', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', drop: 'mid-response', times: 1 })
    await expect(list(s)).rejects.toThrow()
  })

  it('sends malformed or truncated JSON with a 200', async () => {
    const s = await sandboxes()
    s.faults.add({ vendor: 'opensolar', body: 'malformed', times: 1 })
    s.faults.add({ vendor: 'opensolar', body: 'truncated', times: 1 })
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${s.baseUrls.opensolar}${projectsPath}`, { headers: auth.opensolar })
      expect(res.status).toBe(200)
      await expect(res.json()).rejects.toThrow()
    }
  })

  it('can commit a write and then fail to acknowledge it (the lost-response case)', async () => {
    const s = await sandboxes()
    s.faults.add({
      vendor: 'easypv',
      method: 'POST',
      path: '/create',
      drop: 'before-response',
      afterHandler: true,
      times: 1,
    })
    const before = s.state.easypv.projects.size
    await expect(
      call(`${s.baseUrls.easypv}/api/v1/projects/create`, {
        method: 'POST',
        headers: auth.easypv,
        json: { owner: 'tech@example.com', meta: { crmReference: 'client-1' } },
      }),
    ).rejects.toThrow()
    expect(s.state.easypv.projects.size).toBe(before + 1)
  })

  it('revokes tokens and advances the clock', async () => {
    const s = await sandboxes()
    s.revoke('opensolar')
    expect((await list(s)).body).toEqual({ detail: 'Invalid token.' })
    const other = await sandboxes()
    other.clock.advance(8 * 86_400_000)
    expect(await list(other)).toMatchObject({ status: 401, body: { detail: 'Token has expired.' } })
  })
})

describe('control API', () => {
  it('drives faults, the log, the clock and revocation over HTTP', async () => {
    const s = await sandboxes()
    expect((await call(`${s.origin}/__sandbox/health`)).body).toMatchObject({ ok: true, baseUrls: s.baseUrls })
    expect(
      (
        await call(`${s.origin}/__sandbox/faults`, {
          method: 'POST',
          json: { vendor: 'easypv', status: 503, times: 1 },
        })
      ).status,
    ).toBe(201)
    const res = await call(`${s.baseUrls.easypv}/api/v1/projects/list`, {
      method: 'POST',
      headers: auth.easypv,
      json: {},
    })
    expect(res.status).toBe(503)
    const log = await call(`${s.origin}/__sandbox/requests?vendor=easypv`)
    expect(log.body.requests).toHaveLength(1)
    expect(log.body.requests[0]).toMatchObject({ status: 503, fault: 'status 503' })
    const before = s.clock.nowMs()
    await call(`${s.origin}/__sandbox/clock/advance`, { method: 'POST', json: { ms: 3_600_000 } })
    expect(s.clock.nowMs() - before).toBeGreaterThanOrEqual(3_600_000)
    expect((await call(`${s.origin}/__sandbox/revoke`, { method: 'POST', json: { vendor: 'aurora' } })).status).toBe(
      204,
    )
    expect((await call(`${s.baseUrls.aurora}/tenants/demo-tenant/projects`, { headers: auth.aurora })).status).toBe(401)
    expect((await call(`${s.origin}/__sandbox/faults`, { method: 'POST', json: { vendor: 'nobody' } })).status).toBe(
      400,
    )
  })
})

describe('npm run sandbox', () => {
  it('prints its base URLs and the demo credentials, then serves', async () => {
    const root = path.resolve(import.meta.dirname, '../../..')
    const child = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      ['src-main/demo/simulators/cli.ts', '--port', '0', '--projects', '20', '--sites', '2'],
      { cwd: root },
    )
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = ''
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString()
          if (text.includes('Control')) resolve(text)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
      })
      for (const expected of [
        'demo-opensolar-token',
        'demo-easypv-key',
        'tech@example.com',
        'demo-aurora-token',
        'client_secret=demo-secret',
        'demo@example.com',
      ]) {
        expect(output).toContain(expected)
      }
      const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      const status = await new Promise<number>((resolve) =>
        http.get(`${origin}/__sandbox/health`, (res) => resolve(res.statusCode ?? 0)),
      )
      expect(status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  })
})
