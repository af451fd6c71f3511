import type { ErrorCode, IpcError } from '../../src-shared/contract'

/** A failed call, with the code the UI uses to decide how to explain it. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly issues: IpcError['issues']

  constructor(error: IpcError) {
    // Input refused by the contract: its own words for the technician (the method and path are for the log).
    super(
      error.code === 'invalid_input' && error.issues?.length
        ? error.issues.map((i) => i.message).join(' ')
        : error.message,
    )
    this.name = 'ApiError'
    this.code = error.code
    this.issues = error.issues
  }
}
