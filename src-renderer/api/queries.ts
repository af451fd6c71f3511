// TanStack Query over the contract: query keys are [method, input], so caching follows the API.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import type { MethodInput, ProjectSortField } from '../../src-preload/contract'
import { useClient } from './api'

export const PAGE_SIZE = 200

export function useAppInfo() {
  const { api } = useClient()
  return useQuery({ queryKey: ['app.info', {}], queryFn: () => api['app.info']({}), staleTime: Infinity })
}

export function useProjectPages(sort: ProjectSortField, direction: 'asc' | 'desc') {
  const { api } = useClient()
  return useInfiniteQuery({
    queryKey: ['projects.list', { sort, direction, limit: PAGE_SIZE }],
    queryFn: ({ pageParam }) => api['projects.list']({ offset: pageParam, limit: PAGE_SIZE, sort, direction }),
    initialPageParam: 0,
    getNextPageParam: (last) =>
      last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined,
  })
}

export function useProjectSearch(text: string) {
  const { api } = useClient()
  const input: MethodInput<'projects.search'> = { text, limit: 500 }
  return useQuery({
    queryKey: ['projects.search', input],
    queryFn: () => api['projects.search'](input),
    enabled: text.trim().length > 0,
    placeholderData: keepPreviousData,
  })
}

export function useProject(id: string | null) {
  const { api } = useClient()
  return useQuery({
    queryKey: ['projects.get', { id }],
    queryFn: () => api['projects.get']({ id: id ?? '' }),
    enabled: id !== null,
  })
}

/** Sync status: fetched once, then kept current by the main process's `sync.status` events. */
export function useSyncStatus() {
  const { api, on } = useClient()
  const queryClient = useQueryClient()
  useEffect(
    () =>
      on('sync.status', (status) => {
        queryClient.setQueryData(['sync.getStatus', {}], status)
        // A background sync may have sent, taken or held changes: re-read what shows them.
        for (const key of [
          'projects.get',
          'projects.list',
          'projects.search',
          'outbox.list',
          'conflicts.list',
          'attachments.list',
        ]) {
          void queryClient.invalidateQueries({ queryKey: [key] })
        }
      }),
    [on, queryClient],
  )
  return useQuery({ queryKey: ['sync.getStatus', {}], queryFn: () => api['sync.getStatus']({}) })
}

const subscribeOnline = (onChange: () => void) => {
  window.addEventListener('online', onChange)
  window.addEventListener('offline', onChange)
  return () => {
    window.removeEventListener('online', onChange)
    window.removeEventListener('offline', onChange)
  }
}

export const useOnline = (): boolean => useSyncExternalStore(subscribeOnline, () => navigator.onLine)

export function useProjectLocations() {
  const { api } = useClient()
  return useQuery({ queryKey: ['projects.locations', {}], queryFn: () => api['projects.locations']({}) })
}

/** Sync now: on the button, and whenever the connection comes back. Everything is re-read after it. */
export function useSyncNow() {
  const { api } = useClient()
  const queryClient = useQueryClient()
  const mutation = useMutation({
    mutationFn: () => api['sync.now']({}),
    onSettled: () => queryClient.invalidateQueries(),
  })
  const { mutate } = mutation
  useEffect(() => {
    const onOnline = () => mutate()
    window.addEventListener('online', onOnline)
    return () => window.removeEventListener('online', onOnline)
  }, [mutate])
  return mutation
}

export function usePreferences() {
  const { api } = useClient()
  return useQuery({ queryKey: ['preferences.get', {}], queryFn: () => api['preferences.get']({}), staleTime: Infinity })
}

export function useSetPreferences() {
  const { api } = useClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: MethodInput<'preferences.set'>) => api['preferences.set'](patch),
    onSuccess: (preferences) => queryClient.setQueryData(['preferences.get', {}], preferences),
  })
}

export function useAccounts() {
  const { api } = useClient()
  return useQuery({ queryKey: ['accounts.list', {}], queryFn: () => api['accounts.list']({}) })
}
