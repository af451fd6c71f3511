import type { RequestContext, Reply, Routes } from './http'
import type { SandboxVendor } from './vendor'

/** One simulated vendor: how it authenticates, what limits it enforces, and its routes. */
export interface VendorApp {
  readonly vendor: SandboxVendor
  readonly routes: Routes
  /** Sets ctx.principal or throws the vendor's 401/403. Runs before limits and faults. */
  authenticate(ctx: RequestContext): Promise<void> | void
  /** Enforces rate and concurrency limits (throws 429); returns what to call when the response ends. */
  admit(ctx: RequestContext): (() => void) | void
  /** Whether to gzip this response (Locus does when asked). */
  compress?(ctx: RequestContext): boolean
  /** Answer for a path no route matches. */
  notFound(ctx: RequestContext): Reply
  /** Answer for an invalid body or parameters, in the vendor's error shape. */
  invalid(message: string): Reply
}
