// TanStack Query over the contract: query keys are [method, input], so caching follows the API.
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { MethodInput, MethodOutput, ProjectFilter, ProjectSortField } from '../../src-shared/contract'
import { useClient } from './api'
import { queryKeyOf, useContractMutation, useContractQuery } from './contract-hooks'
import { PinSource } from '../features/map/pin-source'

export const PAGE_SIZE = 200

export function useAppInfo() {
  return useContractQuery('app.info', {}, { staleTime: Infinity })
}

/** The filter part of a list query's input (what is left once paging and sorting are taken out). */
function filterOfInput(input: Record<string, unknown>): ProjectFilter {
  const { sort: _s, direction: _d, offset: _o, limit: _l, ...filter } = input
  return filter
}

/**
 * The list as a window over all projects: only the pages around what is on screen are asked for, so a
 * row far down (a pin chosen on the map) can be scrolled to without loading every page before it.
 */
export function useProjectWindow(sort: ProjectSortField, direction: 'asc' | 'desc', filter: ProjectFilter) {
  const { api } = useClient()
  const key = JSON.stringify([sort, direction, filter])
  const [wanted, setWanted] = useState<{ key: string; pages: number[] }>({ key, pages: [0] })
  const pages = wanted.key === key ? wanted.pages : [0]
  const queryClient = useQueryClient()
  const inputOf = (page: number) => ({ sort, direction, ...filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: ['projects.list', inputOf(page)],
      // Scrolling on from a page already here reads on from its last row (an index seek); a jump
      // (the scrollbar dragged, a pin chosen far down) goes by position.
      queryFn: () => {
        const before =
          page > 0 ? queryClient.getQueryData<{ next: string | null }>(['projects.list', inputOf(page - 1)]) : undefined
        return api['projects.list']({ ...inputOf(page), ...(before?.next ? { after: before.next } : {}) })
      },
    })),
  })
  const byPage = new Map(pages.map((page, i) => [page, results[i]?.data?.items]))
  const first = results.find((r) => r.data)
  // While the pages for a new window load, the count is any cached page's of the same list: dropping to 0
  // would empty the list, which would ask for page 0 again, which would show the count again… (a render
  // loop, seen scrolling to the end).
  const cached = () =>
    queryClient.getQueriesData<{ total: number }>({ queryKey: ['projects.list'] }).find(([queryKey, data]) => {
      const input = queryKey[1] as Record<string, unknown>
      return data && JSON.stringify([input['sort'], input['direction'], filterOfInput(input)]) === key
    })?.[1]?.total
  const total = first?.data?.total ?? cached() ?? 0
  const showRange = useCallback(
    (start: number, end: number) => {
      const needed: number[] = []
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) needed.push(p)
      setWanted((w) => (w.key === key && w.pages.join() === needed.join() ? w : { key, pages: needed }))
    },
    [key],
  )
  return {
    rowAt: (index: number) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    total,
    isSuccess: results.some((r) => r.isSuccess),
    error: results.find((r) => r.error)?.error ?? null,
    showRange,
  }
}

export function useProjectSearch(text: string, filter: ProjectFilter = {}) {
  return useContractQuery(
    'projects.search',
    { text, limit: 500, ...filter },
    { enabled: text.trim().length > 0, placeholderData: keepPreviousData },
  )
}

export function useProject(id: string | null) {
  return useContractQuery('projects.get', { id: id ?? '' }, { enabled: id !== null })
}

/** Sync status: fetched once, then kept current by the main process's `sync.status` events. */
export function useSyncStatus() {
  const { on } = useClient()
  const queryClient = useQueryClient()
  useEffect(
    () => on('sync.status', (status) => queryClient.setQueryData(queryKeyOf('sync.getStatus', {}), status)),
    [on, queryClient],
  )
  return useContractQuery('sync.getStatus', {})
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

/**
 * The map's pins for these filters: read in chunks when the filters change, and again (told to the map
 * as changes) when main says projects changed — a while after the last change, as a sync reports
 * progress four times a second (data-changes.ts).
 */
export function usePinSource(filter: ProjectFilter): PinSource {
  const { api } = useClient()
  // One source per filter's value, not per render's object.
  const key = JSON.stringify(filter)
  const source = useMemo(() => {
    const kept = JSON.parse(key) as ProjectFilter
    return new PinSource((after, limit) => api['projects.locations']({ ...kept, after, limit }))
  }, [api, key])
  useEffect(() => () => source.close(), [source])
  useQuery({
    queryKey: queryKeyOf('projects.locations', filter),
    queryFn: async () => {
      await source.refresh()
      return source.size
    },
  })
  return source
}

export function useProjectFacets() {
  return useContractQuery('projects.facets', {})
}

/** Sync now: on the button, and whenever the connection comes back. Everything is re-read after it. */
export function useSyncNow() {
  const mutation = useContractMutation<'sync.now', void>('sync.now', { input: () => ({}) })
  const { mutate } = mutation
  useEffect(() => {
    const onOnline = () => mutate()
    window.addEventListener('online', onOnline)
    return () => window.removeEventListener('online', onOnline)
  }, [mutate])
  return mutation
}

export function usePreferences() {
  return useContractQuery('preferences.get', {}, { staleTime: Infinity })
}

/**
 * The preferences as controls show them, and the way to change them. A change is shown in the same
 * event that made it (a ticked box stays ticked while main saves it: the query cache would only tell
 * React a task later, and a controlled input snaps back in between), and put back if main refuses it.
 */
export function usePreferenceControls() {
  const { api } = useClient()
  const queryClient = useQueryClient()
  const saved = usePreferences().data
  const [shown, setShown] = useState<Partial<MethodInput<'preferences.set'>>>({})
  // Only the latest change's answer is written back, so a quick second change is not undone by the first's.
  const latest = useRef(0)
  const save = useMutation({
    mutationFn: ({ patch }: { patch: MethodInput<'preferences.set'>; seq: number }) => api['preferences.set'](patch),
    onSuccess: (preferences, { seq }) => {
      if (seq === latest.current) queryClient.setQueryData(PREFERENCES_KEY, preferences)
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: PREFERENCES_KEY }),
    onSettled: (_answer, _error, { patch }) => setShown((now) => withoutKeys(now, patch)),
  })
  const { mutate } = save
  const change = useCallback(
    (patch: MethodInput<'preferences.set'>, then?: { onSuccess?: () => void }) => {
      setShown((now) => ({ ...now, ...patch }))
      // Readers elsewhere (the theme) follow at once too; a refusal reads main's value back.
      queryClient.setQueryData<MethodOutput<'preferences.get'>>(PREFERENCES_KEY, (now) => now && { ...now, ...patch })
      mutate({ patch, seq: ++latest.current }, then)
    },
    [mutate, queryClient],
  )
  return { preferences: saved && { ...saved, ...shown }, change, error: save.error, saving: save.isPending }
}

const PREFERENCES_KEY = queryKeyOf('preferences.get', {})

function withoutKeys<T extends object>(from: T, keys: object): T {
  const left = { ...from }
  for (const key of Object.keys(keys)) delete left[key as keyof T]
  return left
}

export function useAccounts() {
  return useContractQuery('accounts.list', {})
}

/** The update status, kept current by main's updates.status events. */
export function useUpdateStatus() {
  const { on } = useClient()
  const queryClient = useQueryClient()
  useEffect(
    () => on('updates.status', (status) => queryClient.setQueryData(queryKeyOf('updates.status', {}), status)),
    [on, queryClient],
  )
  return useContractQuery('updates.status', {}, { staleTime: Infinity })
}
