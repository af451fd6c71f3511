import type { ErrorCode, IpcError } from '../../src-preload/contract'

/** A failed call, with the code the UI uses to decide how to explain it. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly issues: IpcError['issues']

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    this.issues = error.issues
  }
}
