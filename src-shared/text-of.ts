/**
 * Any value as words a person can read: an Error by its message, a string as it is, a number or
 * boolean as written, anything else (a vendor's object, an array) as JSON — never "[object Object]".
 */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Error) return value.message
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(textOf).join(', ')
  if (value instanceof URL || value instanceof URLSearchParams) return value.toString()
  try {
    return JSON.stringify(value) ?? typeof value
  } catch {
    return typeof value
  }
}
