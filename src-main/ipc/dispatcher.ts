import { randomUUID } from 'node:crypto'
import {
  contract,
  type Envelope,
  isMethod,
  type Method,
  type MethodOutput,
  type ParsedInput,
  parseInput,
} from '../../src-shared/contract'
import { databaseProblem } from '../db/database-errors'
import { type Deadline, deadlineOf } from './deadlines'
import { AppError } from '../errors'
import type { Logger } from '../logging/logger'

/** What a handler is given besides its input: aborted when its deadline passes (work it can stop, it stops). */
export interface CallContext {
  signal: AbortSignal
}

/** One handler per contract method: a missing or misspelt one is a type error. */
export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>
}

export interface DispatcherOptions {
  /** Each method's deadline (tests shorten them). */
  deadlineOf?: (method: Method) => Deadline
  /** After a call succeeded (before it answers): the windows are told what it changed. */
  answered?: (method: Method, input: unknown, output: unknown) => void
}

export interface Dispatcher {
  dispatch(method: unknown, input: unknown): Promise<Envelope<unknown>>
}

/**
 * The transport-neutral core of IPC: Electron's ipcMain and the dev host's WebSocket both
 * end here. It parses input, runs the handler, checks the output against the contract, and
 * turns every failure into `{code, message}` — never a stack or a secret.
 */
export function createDispatcher(handlers: Handlers, log: Logger, options: DispatcherOptions = {}): Dispatcher {
  const deadlines = options.deadlineOf ?? deadlineOf
  return {
    async dispatch(method, input) {
      if (!isMethod(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: `No such method: ${String(method).slice(0, 80)}` },
        }
      }
      let parsed: ReturnType<typeof parseInput>
      try {
        parsed = parseInput(method, input)
      } catch (error) {
        // A schema that throws on some input (never expected): the call still answers.
        return internalError(log, method, error)
      }
      if (!parsed.ok) return parsed
      const deadline = deadlines(method)
      const controller = new AbortController()
      let timer: NodeJS.Timeout | undefined
      const passed = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), deadline.ms)
      })
      try {
        const handler = handlers[method] as (input: unknown, context: CallContext) => unknown
        const work = Promise.resolve().then(() => handler(parsed.value, { signal: controller.signal }))
        const result = await Promise.race([work, passed])
        if (result === TIMED_OUT) {
          controller.abort(new Error(`${method} passed its deadline`))
          // It may still settle: what it says then goes to the log, never unhandled.
          work.catch((error: unknown) => log.warn(`IPC ${method} failed after its deadline`, error))
          log.warn(`IPC ${method} took longer than ${deadline.ms} ms: answered timeout`)
          return { ok: false, error: { code: 'timeout', message: deadline.said ?? tookTooLong(deadline.ms) } }
        }
        const output = contract[method].output.safeParse(result)
        if (!output.success) {
          // A handler broke the contract: a bug on our side, not the caller's.
          return internalError(log, method, new Error(`Output of ${method} breaks the contract`), output.error.issues)
        }
        try {
          options.answered?.(method, parsed.value, output.data)
        } catch (error) {
          log.warn(`After ${method}: could not tell the windows what changed`, error)
        }
        return { ok: true, value: output.data }
      } catch (error) {
        const known = error instanceof AppError ? error : databaseProblem(error)
        if (known) {
          if (known !== error) log.warn(`IPC ${method}: ${known.message}`, error)
          return { ok: false, error: { code: known.code, message: known.message } }
        }
        return internalError(log, method, error)
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

const TIMED_OUT = Symbol('timed out')

const tookTooLong = (ms: number) =>
  `This took longer than ${Math.round(ms / 1000)} seconds and was given up. Try again; if it keeps happening, the details are in the log.`

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
