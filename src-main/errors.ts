import type { ErrorCode } from '../src-shared/contract'

/**
 * An error whose message is written for the person using the app. Only these messages
 * cross to the renderer; anything else is logged and answered with a generic 'internal'.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'AppError'
  }
}
