// The edge of the provider layer: whatever a provider throws leaves it with every secret the app holds
// removed from its words (SecretRedactor), whichever method threw — a request, a page of a listing, a
// file's upload, a monitoring read. The HTTP layer redacts what it builds; this is the guarantee for the
// rest (a message a client wrote around a vendor's words, an error from a library it called).
import type { SecretRedactor } from '../secrets/secret-redactor'
import type { Provider } from './provider'

/** The parts of a provider sync calls into: their methods' failures are redacted too. */
const SERVICES = new Set<PropertyKey>(['attachments', 'monitoring'])

export function guardProvider(provider: Provider, redactor: SecretRedactor): Provider {
  return guard(provider, redactor)
}

function guard<T extends object>(target: T, redactor: SecretRedactor): T {
  const wrapped = new Map<PropertyKey, unknown>()
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver)
      if (SERVICES.has(key) && value && typeof value === 'object') {
        if (!wrapped.has(key)) wrapped.set(key, guard(value, redactor))
        return wrapped.get(key)
      }
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        let result: unknown
        try {
          result = (value as (...a: unknown[]) => unknown).apply(object, args)
        } catch (error) {
          throw redactor.redactError(error)
        }
        if (result instanceof Promise)
          return result.catch((error: unknown) => Promise.reject(redactor.redactError(error)))
        if (isAsyncIterable(result)) return guardIteration(result, redactor)
        return result
      }
    },
  })
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value

async function* guardIteration<T>(items: AsyncIterable<T>, redactor: SecretRedactor): AsyncIterable<T> {
  try {
    yield* items
  } catch (error) {
    throw redactor.redactError(error)
  }
}
