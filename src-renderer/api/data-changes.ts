// The window's cache follows main's writes: main says what a write changed (`data.changed`), and the
// queries whose method shows any of it are read again — only those, and for a project's own views only
// when it is that project.
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { DataChanged, Method } from '../../src-shared/contract'
import { DATA_FLOW, projectsOf } from '../../src-shared/contract/data-flow'
import { useClient } from './api'

/** Whether the cached answer under `queryKey` ([method, input]) shows something `change` changed. */
export function showsChange(queryKey: readonly unknown[], change: DataChanged): boolean {
  const [method, input] = queryKey as [Method, unknown]
  const flow = DATA_FLOW[method] as (typeof DATA_FLOW)[Method] | undefined
  if (!flow?.reads?.some((domain) => change.domains.includes(domain))) return false
  if (!change.projectIds) return true
  const about = projectsOf(method, input)
  return !about || about.some((id) => change.projectIds!.includes(id))
}

/**
 * Methods read again a while after the last change rather than at each: the map's pins, which at an
 * organisation's size take a second to read, while a sync reports progress four times a second.
 */
const SETTLE_MS: Partial<Record<Method, number>> = { 'projects.locations': 2_000 }

/** Each window's re-reads in progress, so a write can wait for what it changed to be shown. */
const refreshing = new WeakMap<QueryClient, Set<Promise<unknown>>>()

/**
 * Resolves once the re-reads that main's word of a change has started are done (main says what a call
 * changed before it answers, on the same channel): a saved edit closes onto its new values, not the old.
 * Bounded, so a slow list never holds a button.
 */
export function changesShown(queryClient: QueryClient, boundMs = 2_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)))
  const shown = Promise.allSettled([...(refreshing.get(queryClient) ?? [])]).then(() => undefined)
  return Promise.race([shown, bound]).finally(() => clearTimeout(timer))
}

export function invalidateChanged(queryClient: QueryClient, change: DataChanged, settle: (method: Method) => void) {
  const started = queryClient.invalidateQueries({
    predicate: (query) => {
      if (!showsChange(query.queryKey, change)) return false
      const method = query.queryKey[0] as Method
      if (SETTLE_MS[method] === undefined) return true
      settle(method)
      return false
    },
  })
  const inFlight = refreshing.get(queryClient) ?? new Set()
  refreshing.set(queryClient, inFlight)
  inFlight.add(started)
  void started.finally(() => inFlight.delete(started)).catch(() => undefined)
}

/** Listens to main's `data.changed` for the whole window (mounted once, at the root). */
export function useDataChanges() {
  const { on } = useClient()
  const queryClient = useQueryClient()
  useEffect(() => {
    const timers = new Map<Method, ReturnType<typeof setTimeout>>()
    const settle = (method: Method) => {
      clearTimeout(timers.get(method))
      timers.set(
        method,
        setTimeout(() => void queryClient.invalidateQueries({ queryKey: [method] }), SETTLE_MS[method]),
      )
    }
    const off = on('data.changed', (change) => invalidateChanged(queryClient, change, settle))
    return () => {
      off()
      for (const timer of timers.values()) clearTimeout(timer)
    }
  }, [on, queryClient])
}
