import { useSyncExternalStore } from 'react'
import { usePreferences } from '../api/queries'

const query = () => window.matchMedia('(prefers-color-scheme: dark)')
const subscribe = (onChange: () => void) => {
  const media = query()
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}

/** Whether the window is dark: the technician's choice, else the computer's. */
export function useDark(): boolean {
  const system = useSyncExternalStore(subscribe, () => query().matches)
  const theme = usePreferences().data?.theme ?? 'system'
  return theme === 'dark' || (theme === 'system' && system)
}
