import { randomUUID } from 'node:crypto'
import {
  contract,
  type Envelope,
  isMethod,
  type Method,
  type MethodOutput,
  type ParsedInput,
  parseInput,
} from '../../src-preload/contract'
import { databaseProblem } from '../db/database-errors'
import { AppError } from '../errors'
import type { Logger } from '../logging/logger'

/** One handler per contract method: a missing or misspelt one is a type error. */
export type Handlers = {
  [M in Method]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>
}

export interface Dispatcher {
  dispatch(method: unknown, input: unknown): Promise<Envelope<unknown>>
}

/**
 * The transport-neutral core of IPC: Electron's ipcMain and the dev host's WebSocket both
 * end here. It parses input, runs the handler, checks the output against the contract, and
 * turns every failure into `{code, message}` — never a stack or a secret.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatcher {
  return {
    async dispatch(method, input) {
      if (!isMethod(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: `No such method: ${String(method).slice(0, 80)}` },
        }
      }
      const parsed = parseInput(method, input)
      if (!parsed.ok) return parsed
      try {
        const handler = handlers[method] as (input: unknown) => unknown
        const output = contract[method].output.safeParse(await handler(parsed.value))
        if (!output.success) {
          // A handler broke the contract: a bug on our side, not the caller's.
          return internalError(log, method, new Error(`Output of ${method} breaks the contract`), output.error.issues)
        }
        return { ok: true, value: output.data }
      } catch (error) {
        const known = error instanceof AppError ? error : databaseProblem(error)
        if (known) {
          if (known !== error) log.warn(`IPC ${method}: ${known.message}`, error)
          return { ok: false, error: { code: known.code, message: known.message } }
        }
        return internalError(log, method, error)
      }
    },
  }
}

function internalError(log: Logger, method: Method, error: unknown, details?: unknown): Envelope<never> {
  const ref = randomUUID().slice(0, 8)
  log.error(`IPC ${method} failed (ref ${ref})`, { error, details })
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `Solar Field hit an unexpected problem (ref ${ref}). Your data is safe; the details are in the log.`,
    },
  }
}
