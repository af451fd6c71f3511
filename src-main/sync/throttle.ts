/**
 * Calls `fn` at most once per `intervalMs`: at once after a quiet spell, else once more at the end of the
 * interval, so the last change is always reported. For status events during a push or an upload.
 */
export function throttle(fn: () => void, intervalMs: number): () => void {
  let last = Number.NEGATIVE_INFINITY
  let pending: NodeJS.Timeout | null = null
  const run = () => {
    pending = null
    last = Date.now()
    fn()
  }
  return () => {
    const wait = last + intervalMs - Date.now()
    if (wait <= 0 && !pending) run()
    else if (!pending) {
      pending = setTimeout(run, Math.max(0, wait))
      pending.unref()
    }
  }
}
