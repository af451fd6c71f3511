// A vendor that answers from a script: "METHOD /path" → an answer (a documented example, verbatim, or
// a hand-made bad one). For client tests that must see exactly what a vendor's docs show, not what
// our simulators happen to send.
import fs from 'node:fs'
import path from 'node:path'

export interface ScriptedAnswer {
  status?: number
  body?: unknown
  /** Sent as is (bytes or text), instead of JSON of `body`. */
  raw?: string | Uint8Array
  headers?: Record<string, string>
}

export interface ScriptedCall {
  method: string
  path: string
  query: URLSearchParams
  headers: Headers
  body: unknown
}

type Script = Record<string, ScriptedAnswer | ScriptedAnswer[] | ((call: ScriptedCall) => ScriptedAnswer)>

/** One of the vendors' documented examples (src-main/demo/simulators/documented-examples, cut from docs/vendor-apis). */
export function documented<T = unknown>(name: string): T {
  const file = path.join(import.meta.dirname, '../../src-main/demo/simulators/documented-examples', `${name}.json`)
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T
}

export function scriptedVendor(script: Script) {
  const calls: ScriptedCall[] = []
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input)
    const method = init.method ?? 'GET'
    let body: unknown = init.body
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body)
      } catch {
        body = init.body
      }
    }
    const call = { method, path: url.pathname, query: url.searchParams, headers: new Headers(init.headers), body }
    calls.push(call)
    const entry = script[`${method} ${url.pathname}`]
    if (!entry) return new Response(JSON.stringify({ detail: 'Not found.' }), { status: 404 })
    const answer = typeof entry === 'function' ? entry(call) : Array.isArray(entry) ? (entry.shift() ?? {}) : entry
    const status = answer.status ?? 200
    const payload = answer.raw ?? (answer.body === undefined || status === 204 ? null : JSON.stringify(answer.body))
    return new Response(payload, { status, headers: { 'Content-Type': 'application/json', ...answer.headers } })
  }) as typeof globalThis.fetch
  return { fetch, calls }
}
