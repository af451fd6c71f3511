import type { Logger } from '../../logging/logger'
import { AuthError, ValidationError } from '../http/errors'
import { HttpClient, type HttpClientConfig } from '../http/http-client'
import { TokenResponse } from './schemas'

export type LocusGrant = { type: 'password'; username: string; password: string } | { type: 'client_credentials' }

/** Where a refresh token is kept between runs (main: the encrypted secret store). */
export interface RefreshTokenStore {
  get(): Promise<string | null> | string | null
  set(token: string | null): Promise<void> | void
}

export interface LocusAuthConfig {
  baseUrl: string
  clientId: string
  clientSecret: () => string | Promise<string>
  grant: () => LocusGrant | Promise<LocusGrant>
  refreshTokens?: RefreshTokenStore
  now?: () => number
  fetch?: typeof globalThis.fetch
  log?: Logger
  http?: Partial<HttpClientConfig>
  /** Renew this long before expiry, so a long iteration never starts a request on a dying token. */
  renewBeforeMs?: number
}

/**
 * OAuth2 for Locus (locus-energy-v3.txt, Authentication): password grant with refresh tokens, or client
 * credentials; 3600 s access tokens. Tokens stay in memory; only the refresh token is persisted, through the
 * store main gives. Concurrent callers share one token request.
 */
export class LocusAuth {
  private token: { value: string; expiresMs: number } | null = null
  private pending: Promise<string> | null = null
  private readonly http: HttpClient
  private readonly now: () => number

  constructor(private readonly config: LocusAuthConfig) {
    this.now = config.now ?? Date.now
    this.http = new HttpClient({
      vendor: 'locus',
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      log: config.log,
      authorize: () => ({}),
      ...config.http,
    })
  }

  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresMs - (this.config.renewBeforeMs ?? 60_000) > this.now()) return this.token.value
    this.pending ??= this.obtain().finally(() => (this.pending = null))
    return this.pending
  }

  /** After a 401: forget the access token so the next call gets a new one. */
  invalidate(): void {
    this.token = null
  }

  private async obtain(): Promise<string> {
    const refresh = await this.config.refreshTokens?.get()
    if (refresh) {
      try {
        return await this.request({ grant_type: 'refresh_token', refresh_token: refresh })
      } catch (error) {
        if (!(error instanceof AuthError)) throw error
        // A refresh token can be revoked or expire: fall back to the grant itself.
        await this.config.refreshTokens?.set(null)
      }
    }
    const grant = await this.config.grant()
    try {
      return await this.request(
        grant.type === 'password'
          ? { grant_type: 'password', username: grant.username, password: grant.password }
          : { grant_type: 'client_credentials' },
      )
    } catch (error) {
      // The grant itself refused, after the refresh token: no other way in is left to try.
      if (error instanceof AuthError) this.config.http?.signIn?.refused()
      throw error
    }
  }

  private async request(form: Record<string, string>): Promise<string> {
    let answer
    try {
      answer = await this.http.request({
        method: 'POST',
        path: '/oauth/token',
        form: new URLSearchParams({
          ...form,
          client_id: this.config.clientId,
          client_secret: await this.config.clientSecret(),
        }),
        schema: TokenResponse,
        // Asking for a token twice is harmless.
        idempotent: true,
      })
    } catch (error) {
      // invalid_grant / invalid_client are sign-in problems, not content problems.
      if (error instanceof ValidationError)
        throw new AuthError(
          'locus',
          `Locus Energy refused the sign-in: ${error.messages.join('; ')}. Sign in again.`,
          error.status,
        )
      throw error
    }
    this.config.http?.redactor?.learn(answer.access_token)
    this.config.http?.redactor?.learn(answer.refresh_token)
    this.token = { value: answer.access_token, expiresMs: this.now() + answer.expires_in * 1000 }
    // Rotation: keep a new refresh token if the answer has one; a refresh answer may not (the doc's does not).
    if (answer.refresh_token) await this.config.refreshTokens?.set(answer.refresh_token)
    return answer.access_token
  }
}
