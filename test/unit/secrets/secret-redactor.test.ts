import { describe, expect, it } from 'vitest'
import { AuthError, ValidationError } from '../../../src-main/providers/http/errors'
import { SecretRedactor } from '../../../src-main/secrets/secret-redactor'

const TOKEN = 'os_live_9fK2xQ7mZp4R8vT1wY6n'
const PASSWORD = 'Tr0ub4dor&3 horse'

const redactor = () => {
  const r = new SecretRedactor()
  r.learn(TOKEN)
  r.learn(PASSWORD)
  r.learn('demo-opensolar-token')
  return r
}

describe('the secret redactor', () => {
  it.each([
    ['as it is', `Invalid token ${TOKEN}`],
    ['in a header echoed back', `Authorization: Bearer ${TOKEN}`],
    ['URL-encoded', `https://x.example/cb?password=${encodeURIComponent(PASSWORD)}&x=1`],
    ['form-encoded', `grant_type=password&password=${new URLSearchParams({ p: PASSWORD }).toString().slice(2)}`],
    ['JSON-escaped', JSON.stringify({ detail: `bad password ${PASSWORD}&"` })],
    ['base64 on its own', `token=${Buffer.from(TOKEN).toString('base64')}`],
    ['base64 inside a Basic header', `Basic ${Buffer.from(`client-7:${PASSWORD}`).toString('base64')}`],
    ['base64url after other bytes', Buffer.from(`xy${TOKEN}zz`).toString('base64url')],
    ['cut short', `token ${TOKEN.slice(0, 12)}… is not valid`],
    ['its end only', `key ending …${TOKEN.slice(-9)}`],
    ['in another case', `TOKEN ${TOKEN.toUpperCase()}`],
    ['as a host name', `https://${TOKEN.toLowerCase()}.evil.example/`],
  ])('removes a secret %s', (_name, text) => {
    const out = redactor().redact(text)
    expect(out).toContain('[redacted]')
    for (const secret of [TOKEN, PASSWORD]) {
      expect(out.toLowerCase()).not.toContain(secret.slice(0, 8).toLowerCase())
      expect(out).not.toContain(Buffer.from(secret).toString('base64').slice(0, 8))
    }
  })

  it('leaves text holding no secret as it is, the words of a demo secret included', () => {
    const text = 'OpenSolar no longer accepts this account’s sign-in (HTTP 401): Invalid token.'
    expect(redactor().redact(text)).toBe(text)
    expect(redactor().redact('It said demo-opensolar-token is wrong')).toBe('It said [redacted] is wrong')
  })

  it('redacts an error in place, keeping its type, and drops what caused it', () => {
    const error = new AuthError('opensolar', `OpenSolar refused ${TOKEN}`, 401, { cause: new Error(`GET ?t=${TOKEN}`) })
    error.vendorMessages = [`detail: token ${TOKEN} expired`]
    const out = redactor().redactError(error)
    expect(out).toBe(error)
    expect(out).toBeInstanceOf(AuthError)
    expect(JSON.stringify([out.message, out.stack, out.vendorMessages, String(out.cause)])).not.toContain(
      TOKEN.slice(3, 11),
    )
    const refused = redactor().redactError(new ValidationError('easypv', [`key ${TOKEN}`], 400))
    expect(refused.messages).toEqual(['key [redacted]'])
  })

  it('redacts what a logger is given, message and details', () => {
    const lines: unknown[] = []
    const log = redactor().logger({
      debug: (m, d) => lines.push([m, d]),
      info: (m, d) => lines.push([m, d]),
      warn: (m, d) => lines.push([m, d]),
      error: (m, d) => lines.push([m, d]),
    })
    log.warn(`sent ${TOKEN}`, { body: { echo: [PASSWORD] }, error: new Error(TOKEN) })
    expect(JSON.stringify(lines)).not.toMatch(/9fK2xQ7m|Tr0ub4do/)
  })
})
