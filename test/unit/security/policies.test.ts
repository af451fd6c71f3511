import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, resolveAppAsset } from '../../../src-main/security/app-protocol'
import { buildCsp, securityHeaders } from '../../../src-main/security/csp'
import { isTrustedSender, originOf } from '../../../src-main/security/ipc-sender'
import { decideExternalLink, isAllowedNavigation, isPermissionAllowed } from '../../../src-main/security/navigation'
import { secureWebPreferences } from '../../../src-main/security/web-preferences'

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  )

describe('web preferences', () => {
  it('isolates, sandboxes and denies Node to every window', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })
})

describe('content security policy', () => {
  const csp = directives(buildCsp())

  it('allows only our own origin by default', () => {
    expect(csp['default-src']).toEqual(["'self'"])
    expect(csp['script-src']).toEqual(["'self'"])
  })

  it('never allows eval or inline script and style', () => {
    const all = Object.values(csp).flat()
    expect(all).not.toContain("'unsafe-eval'")
    expect(all).not.toContain("'unsafe-inline'")
  })

  it('shuts plugins, framing, forms and base rewriting', () => {
    expect(csp['object-src']).toEqual(["'none'"])
    expect(csp['frame-ancestors']).toEqual(["'none'"])
    expect(csp['form-action']).toEqual(["'none'"])
    expect(csp['base-uri']).toEqual(["'none'"])
  })

  it('lets maplibre use blob workers and images, and nothing remote', () => {
    expect(csp['worker-src']).toEqual(["'self'", 'blob:'])
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:'])
    expect(
      Object.values(csp)
        .flat()
        .some((v) => v.startsWith('http')),
    ).toBe(false)
  })

  it('adds only the connect sources it is given', () => {
    expect(directives(buildCsp({ connect: ['ws://127.0.0.1:4000'] }))['connect-src']).toEqual([
      "'self'",
      'ws://127.0.0.1:4000',
    ])
    expect(securityHeaders()['X-Content-Type-Options']).toBe('nosniff')
  })
})

describe('navigation and external links', () => {
  it.each([
    [`${APP_ORIGIN}/index.html#/projects`, true],
    [`${APP_ORIGIN}/`, true],
    ['https://app.opensolar.com/', false],
    ['file:///etc/passwd', false],
    ['app://other-host/index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('in-window navigation to %s allowed: %s', (url, allowed) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(allowed)
  })

  it.each([
    ['https://app.opensolar.com/#/projects/1', 'open-external'],
    ['https://www.openstreetmap.org/?mlat=1&mlon=2', 'open-external'],
    ['http://app.opensolar.com/', 'deny'],
    ['https://evil.example/', 'deny'],
    ['https://app.opensolar.com.evil.example/', 'deny'],
    ['https://user:pw@app.opensolar.com/', 'deny'],
    ['file:///C:/Windows/system32/calc.exe', 'deny'],
    ['smb://server/share', 'deny'],
    ['', 'deny'],
  ])('opening %s externally: %s', (url, action) => {
    expect(decideExternalLink(url).action).toBe(action)
  })

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'usb']) {
      expect(isPermissionAllowed(permission)).toBe(false)
    }
  })
})

describe('IPC sender check', () => {
  it.each([
    [{ url: `${APP_ORIGIN}/index.html`, isMainFrame: true }, true],
    [{ url: `${APP_ORIGIN}/index.html`, isMainFrame: false }, false],
    [{ url: 'https://evil.example/', isMainFrame: true }, false],
    [{ url: 'about:blank', isMainFrame: true }, false],
    [null, false],
  ])('%o trusted: %s', (frame, trusted) => {
    expect(isTrustedSender(frame, APP_ORIGIN)).toBe(trusted)
  })

  it('reads origins of custom schemes', () => {
    expect(originOf('app://solar-field/a/b.html')).toBe('app://solar-field')
    expect(originOf('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080')
    expect(originOf('::')).toBeNull()
  })
})

describe('app protocol file resolution', () => {
  const root = path.resolve('/srv/renderer')
  it.each([
    [`${APP_ORIGIN}/`, path.join(root, 'index.html')],
    [`${APP_ORIGIN}/index.html`, path.join(root, 'index.html')],
    [`${APP_ORIGIN}/assets/index-abc.js?v=1`, path.join(root, 'assets/index-abc.js')],
    // URL parsing folds dot segments (also %2e%2e) before we see the path: they stay inside root.
    [`${APP_ORIGIN}/../../etc/passwd`, path.join(root, 'etc/passwd')],
    [`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, path.join(root, 'etc/passwd')],
  ])('%s → %s', (url, file) => {
    expect(resolveAppAsset(root, url)).toBe(file)
  })

  it.each([
    `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`,
    `${APP_ORIGIN}/assets/%5c..%5c..%5cwin.ini`,
    `${APP_ORIGIN}/a%00.html`,
    `${APP_ORIGIN}/%E0%A4%A`,
    'app://other-host/index.html',
    'https://solar-field/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull()
  })
})
