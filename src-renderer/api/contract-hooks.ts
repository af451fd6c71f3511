// One way for the window to read and write through the contract: a query's key is its method and its
// input, so caching follows the API and main's `data.changed` finds what to read again (data-changes.ts).
// Components use these hooks (or the named ones in queries.ts built on them), never the bridge itself.
import {
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract'
import { useClient } from './api'
import { changesShown } from './data-changes'

export const queryKeyOf = <M extends Method>(method: M, input: MethodInput<M>) => [method, input] as const

type QueryOptions<M extends Method> = Omit<UseQueryOptions<MethodOutput<M>, Error>, 'queryKey' | 'queryFn'>

/** A read, cached under [method, input]. */
export function useContractQuery<M extends Method>(method: M, input: MethodInput<M>, options: QueryOptions<M> = {}) {
  const { api } = useClient()
  return useQuery<MethodOutput<M>, Error>({
    ...options,
    queryKey: queryKeyOf(method, input),
    queryFn: () => api[method](input),
  })
}

type MutationOptions<M extends Method, V> = Omit<UseMutationOptions<MethodOutput<M>, Error, V>, 'mutationFn'> & {
  /** The call's input from what `mutate` is given (by default, that is the input). */
  input?: (variables: V) => MethodInput<M>
}

/** A write. What it changed is re-read when main says so; nothing here invalidates by hand. */
export function useContractMutation<M extends Method, V = MethodInput<M>>(
  method: M,
  { input, ...options }: MutationOptions<M, V> = {},
) {
  const { api } = useClient()
  const queryClient = useQueryClient()
  return useMutation<MethodOutput<M>, Error, V>({
    ...options,
    mutationKey: [method],
    mutationFn: async (variables) => {
      const output = await api[method](input ? input(variables) : (variables as unknown as MethodInput<M>))
      await changesShown(queryClient)
      return output
    },
  })
}

/** A read asked for in an event handler (a pin clicked): through the same cache as the hooks. */
export function useContractFetch() {
  const { api } = useClient()
  const queryClient = useQueryClient()
  return useCallback(
    <M extends Method>(method: M, input: MethodInput<M>, staleTime = 0): Promise<MethodOutput<M>> =>
      queryClient.fetchQuery({ queryKey: queryKeyOf(method, input), queryFn: () => api[method](input), staleTime }),
    [api, queryClient],
  )
}
