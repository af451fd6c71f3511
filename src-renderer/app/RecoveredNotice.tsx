// After its renderer crashed or hung, the desktop app reloads the window with ?recovered=<why>: the
// technician is told, once, that nothing was lost.
import { useState } from 'react'

const WHY: Record<string, string> = {
  crashed: 'stopped unexpectedly',
  'out-of-memory': 'ran out of memory',
  unresponsive: 'stopped responding',
}

function takeRecovered(): string | null {
  const params = new URLSearchParams(window.location.search)
  const why = params.get('recovered')
  if (why === null) return null
  params.delete('recovered')
  const rest = params.toString()
  window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`)
  return WHY[why] ?? 'stopped'
}

export function RecoveredNotice() {
  const [why, setWhy] = useState(takeRecovered)
  if (!why) return null
  return (
    <div className="toast" role="alert">
      <span>The window {why} and was opened again. Your changes are saved.</span>
      <button type="button" className="toast-close" aria-label="Close" onClick={() => setWhy(null)}>
        ✕
      </button>
    </div>
  )
}
