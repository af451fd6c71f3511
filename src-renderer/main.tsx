// The styles, in cascade order: the tokens, the shared pieces, the shell, then each feature's own (all
// loaded here, so a lazily loaded screen never reorders the cascade when it arrives).
import './ui/tokens.css'
import './ui/base.css'
import './app/shell.css'
import './features/projects/projects.css'
import './features/map/map.css'
import './features/attachments/files.css'
import './features/monitoring/monitoring.css'
import './features/sync/sync.css'
import './features/settings/settings.css'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ClientContext, createClient } from './api/api'
import { ApiError } from './api/api-error'
import { resolveBridge } from './api/resolve-bridge'
import { App } from './app/App'
import { CommandsProvider } from './app/commands'

// The first paint in the computer's theme; the app sets the one in force once preferences are read.
document.documentElement.dataset['theme'] = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'

const root = createRoot(document.getElementById('root')!)

try {
  const client = createClient(resolveBridge())
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // The data is local: no refetch storms on focus, and bad input is never worth retrying.
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.code !== 'unavailable') && failures < 3,
      },
    },
  })
  root.render(
    <StrictMode>
      <ClientContext.Provider value={client}>
        <QueryClientProvider client={queryClient}>
          <CommandsProvider>
            <App />
          </CommandsProvider>
        </QueryClientProvider>
      </ClientContext.Provider>
    </StrictMode>,
  )
} catch (error) {
  root.render(
    <div className="fatal">
      <h1>Solar Field could not start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  )
}
