// A vendor that echoes secrets back — in error bodies, headers, redirect targets, as they were sent,
// URL-encoded, base64'd or cut short — never gets one into what the window is told, a log line, or the
// database: everything built from a vendor's answer leaves the provider layer redacted.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MethodInput, MethodOutput } from '../../../src-shared/contract'
import { createLogger } from '../../../src-main/logging/logger'
import { useHostileVendors } from '../../helpers/hostile-vendor'
import { secretTraces } from '../../helpers/secret-traces'
import { useServices } from '../../helpers/services'

const hostile = useHostileVendors()
const services = useServices()

let passwordGrants = 0
const SECRETS = {
  openSolarToken: 'os_live_9fK2xQ7mZp4R8vT1wY6n',
  auroraToken: 'aur-3Xk9Qm2LpZ7vB4nR8tY1',
  easyPvKey: 'EPV.k7Hq2Wm9Zx4Rt8Yb1Nc6',
  locusSecret: 'lcs_Qw8Er2Ty6Ui0Op4As',
  locusPassword: 'p@ss/w0rd+Q=x&y 77',
  locusAccess: 'acc_Zm3Xn7Bv1Lk9Jh5Gf2Ds',
  locusRefresh: 'ref_Pq4Wr8Ty2Ui6Op0As3Df',
}
const every = Object.values(SECRETS)
const b64 = (s: string) => Buffer.from(s).toString('base64')
const echo = (s: string) => `${s} ${encodeURIComponent(s)} ${b64(s)} ${s.slice(0, 10)}… …${s.slice(-9)}`

const traces = (text: string) => secretTraces(text, every)

describe('secrets a vendor echoes back', () => {
  it('appear in no answer, event, log line or database row', async () => {
    const vendor = await hostile({
      // OpenSolar: a create refused with the token in the body, then a 401 echoing it in body and header.
      'POST /api/orgs/1/projects/': () => ({
        status: 400,
        body: { identifier: [`bad token ${echo(SECRETS.openSolarToken)}`] },
      }),
      'GET /api/orgs/1/projects/': ({ headers }) =>
        !createTried()
          ? { body: [] }
          : {
              status: 401,
              headers: { 'WWW-Authenticate': `Bearer error="invalid_token", token="${SECRETS.openSolarToken}"` },
              body: { detail: `Invalid token: ${String(headers.authorization)} (${echo(SECRETS.openSolarToken)})` },
            },
      'GET /api/orgs/1/private_files/': () => ({ body: [] }),
      'GET /api/file_tags/': () => ({ body: [] }),
      // Aurora: an HTML error page, then a redirect to a host named after the token.
      'GET /tenants/t1/projects': ({ query }) =>
        query.get('per_page') === '1'
          ? { status: 500, raw: `<html>${SECRETS.auroraToken}</html> ${echo(SECRETS.auroraToken)}` }
          : {
              status: 302,
              headers: {
                Location: `https://${SECRETS.auroraToken.toLowerCase()}.evil.example/?t=${SECRETS.auroraToken}`,
              },
            },
      // Easy PV: an answer that is not JSON, holding the key.
      'POST /api/v1/projects/list': ({ headers }) => ({
        raw: `X-API-KEY was ${String(headers['x-api-key'])} ${echo(SECRETS.easyPvKey)}`,
      }),
      // Locus: a token, a 401 echoing it, and refusals of the refresh and the password that echo them.
      'POST /oauth/token': ({ body }) => {
        const form = new URLSearchParams(body)
        if (form.get('grant_type') === 'password' && ++passwordGrants > 1) {
          return {
            status: 400,
            body: {
              error: 'invalid_grant',
              error_description: `refused ${body} ${echo(SECRETS.locusPassword)} ${echo(SECRETS.locusSecret)}`,
            },
          }
        }
        if (form.get('grant_type') === 'refresh_token')
          return {
            status: 400,
            body: { error: 'invalid_grant', error_description: `stale ${echo(SECRETS.locusRefresh)}` },
          }
        return { body: { access_token: SECRETS.locusAccess, refresh_token: SECRETS.locusRefresh, expires_in: 3600 } }
      },
      'GET /v3/partners/1/clients': () => ({
        status: 401,
        body: { statusCode: 401, message: `token ${echo(SECRETS.locusAccess)} ${echo(SECRETS.locusRefresh)}` },
      }),
    })
    const createTried = () => vendor.requests.some((r) => r.method === 'POST' && r.path === '/api/orgs/1/projects/')
    const logFile = (dir: string) => path.join(dir, 'main.log')
    let dataDir = ''
    const t = await services({
      syncTuning: { http: { minBackoffMs: 1, maxBackoffMs: 2, retries: 1 } },
      // The log as the app keeps it: lines written to a file in the data folder.
      // (A line logged after the test removed the folder — a background task winding down — is dropped.)
      log: createLogger((level, message, details) => {
        if (fs.existsSync(dataDir))
          fs.appendFileSync(logFile(dataDir), `${level} ${message} ${JSON.stringify(details ?? null)}\n`)
      }),
    })
    dataDir = t.dataDir
    const answers: unknown[] = []
    const ask = async (method: string, input: unknown) => {
      const answer = await t.answer(method, input)
      answers.push(answer)
      return answer
    }
    const account = (vendor: string, settings: object, secrets: object) =>
      ({ vendor, label: vendor, baseUrl: vendorOrigin, settings, secrets }) as MethodInput<'accounts.save'>['account']
    const vendorOrigin = vendor.origin
    const drafts = [
      account('opensolar', { orgId: 1 }, { token: SECRETS.openSolarToken }),
      account('aurora', { tenantId: 't1' }, { token: SECRETS.auroraToken }),
      account('easypv', { userEmail: 'tech@example.com' }, { apiKey: SECRETS.easyPvKey }),
      account(
        'locus',
        { partnerId: 1, clientId: 'c1', username: 'tech@example.com' },
        { clientSecret: SECRETS.locusSecret, password: SECRETS.locusPassword },
      ),
    ]
    for (const draft of drafts) await ask('accounts.test', { account: draft })
    type Saved = { ok: true; value: { id: string } }
    const saved: Saved[] = []
    for (const draft of drafts) saved.push((await ask('accounts.save', { account: draft })) as Saved)
    await ask('projects.create', { accountId: saved[0]!.value.id, fields: { title: '1 Echo Lane' } })
    await ask('sync.now', {})
    await ask('sync.now', {})
    for (const { value } of saved) await ask('accounts.test', { id: value.id })
    for (const method of ['sync.getStatus', 'accounts.list', 'outbox.list', 'projects.list', 'monitoring.alerts'])
      await ask(method, method === 'projects.list' ? { limit: 50 } : {})

    // The vendors were asked, and said what they said: the test is not passing for want of trying.
    expect(vendor.count('/oauth/token')).toBeGreaterThanOrEqual(2)
    expect(createTried()).toBe(true)
    const status = (answers.at(-5) as { value: MethodOutput<'sync.getStatus'> }).value
    expect(status.accounts.filter((a) => a.lastSync?.error || a.needsSignIn)).toHaveLength(4)
    expect(vendor.count('/v3/partners/1/clients')).toBeGreaterThanOrEqual(1)

    expect(traces(JSON.stringify(answers))).toEqual([])
    expect(traces(JSON.stringify(t.events))).toEqual([])
    expect(traces(fs.readFileSync(logFile(dataDir), 'utf8'))).toEqual([])
    await t.services.close()
    for (const file of fs.readdirSync(dataDir).filter((f) => /\.db(-wal)?$/.test(f)))
      expect(traces(fs.readFileSync(path.join(dataDir, file)).toString('latin1')), file).toEqual([])
  })
})
