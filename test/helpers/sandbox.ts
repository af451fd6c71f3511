import { afterEach } from 'vitest'
import {
  DEMO_CREDENTIALS,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src-main/demo/simulators/sandbox'

export { DEMO_CREDENTIALS }
export { nextFault } from '../../src-main/demo/simulators/locus/next-fault'

/** A fresh, small sandbox per call, stopped after the test. */
export function useSandboxes(defaults: SandboxOptions = {}): (options?: SandboxOptions) => Promise<Sandbox> {
  const running: Sandbox[] = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()))
  })
  return async (options = {}) => {
    const sandbox = await startSandbox({ projects: 30, sites: 3, ...defaults, ...options })
    running.push(sandbox)
    return sandbox
  }
}

/** An OpenSolar account on this sandbox, as the Settings form sends it (signed in with the demo token). */
export const openSolarAccount = (sandbox: Sandbox, label = 'OS') => ({
  vendor: 'opensolar' as const,
  label,
  baseUrl: sandbox.baseUrls.opensolar,
  settings: { orgId: 1 },
  secrets: { token: DEMO_CREDENTIALS.opensolar.token },
})

export const auth = {
  opensolar: { Authorization: `Bearer ${DEMO_CREDENTIALS.opensolar.token}` },
  easypv: { 'X-API-KEY': DEMO_CREDENTIALS.easypv.apiKey },
  aurora: { Authorization: `Bearer ${DEMO_CREDENTIALS.aurora.token}` },
}

export async function call(url: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, headers, ...rest } = init
  const response = await fetch(url, {
    ...rest,
    headers: {
      ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(headers as Record<string, string>),
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as any } // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function locusToken(
  sandbox: Sandbox,
  grant: Record<string, string> = {},
): Promise<{ access_token: string; refresh_token?: string }> {
  const c = DEMO_CREDENTIALS.locus
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: c.clientId,
    client_secret: c.clientSecret,
    username: c.username,
    password: c.password,
    ...grant,
  })
  const response = await fetch(`${sandbox.baseUrls.locus}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`)
  return (await response.json()) as { access_token: string; refresh_token?: string }
}
