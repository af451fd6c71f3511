// The building blocks every domain's schemas are made of, and the one error shape.
import { z } from 'zod'
import { ATTACHMENT_CHUNK_BYTES, VENDORS } from './constants'

export const Vendor = z.enum(VENDORS)
export type Vendor = z.infer<typeof Vendor>

export const Id = z.string().min(1).max(64)
export const IsoDateTime = z.iso.datetime({ offset: true })
export const NoInput = z.object({}).strict()
export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD')

/** What each domain's methods are: a schema for what goes in and one for what comes back. */
export type Methods = Record<string, { input: z.ZodType; output: z.ZodType }>

// Text a technician types is refused when it holds what would not survive or would mislead: a lone
// surrogate (SQLite stores it as U+FFFD, so the cache and the queued change would hold different
// strings), control characters, and direction overrides (a name that shows differently than it reads).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const LINE_CONTROL = /\p{Cc}/u
/** Notes keep their line breaks and tabs. */
const TEXT_CONTROL = /(?![\t\n\r])\p{Cc}/u

/** Why this text cannot be taken, or null. */
export function textProblem(value: string, multiline = false): string | null {
  if (LONE_SURROGATE.test(value)) return 'holds a broken character (half of an emoji or symbol)'
  if (DIRECTION_CONTROL.test(value)) return 'holds an invisible text-direction character'
  if ((multiline ? TEXT_CONTROL : LINE_CONTROL).test(value))
    return multiline ? 'holds a control character' : 'holds a line break or control character'
  return null
}
export const cleanText = (schema: z.ZodString, multiline = false) =>
  schema.superRefine((value, ctx) => {
    const problem = textProblem(value, multiline)
    if (problem) ctx.addIssue({ code: 'custom', message: `This text ${problem}` })
  })

export const line = cleanText(z.string().trim().max(200))

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    /** Where the next page starts (pass as `after`); null after the last. */
    next: z.string().nullable(),
  })

/** A piece of a file on its way to main: its bytes as they are (Electron IPC and the dev host's binary frames carry them unencoded). */
const FilePiece = z
  .instanceof(Uint8Array, { message: 'Expected the piece’s bytes' })
  .refine((b) => b.byteLength >= 1 && b.byteLength <= ATTACHMENT_CHUNK_BYTES, {
    message: `A piece holds 1 to ${ATTACHMENT_CHUNK_BYTES} bytes`,
  })

/** One piece of an upload (a file, a map area): where it starts — pieces arrive in order, none lost — and its bytes. */
export const WritePiece = {
  input: z.object({ uploadId: Id, offset: z.number().int().min(0), bytes: FilePiece }).strict(),
  output: z.object({ received: z.number().int().nonnegative() }),
}

export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'forbidden_sender',
  'not_found',
  'unavailable',
  /** The call passed its deadline and was given up (what it was doing stopped where it could). */
  'timeout',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** The only error shape that crosses the process boundary: never a stack, never a secret. */
export const IpcError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type IpcError = z.infer<typeof IpcError>

/**
 * Every call answers with an envelope rather than a rejection: Electron's contextBridge
 * keeps only `message` of a rejected Error, and the renderer needs `code` to explain it.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Turns zod issues into short, path-first messages a developer can act on. */
export function describeIssues(error: z.ZodError): NonNullable<IpcError['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }))
}
