import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { ProjectFilter, ProjectSortField, ProjectSummary } from '../../src-shared/contract'
import { useContractFetch } from '../api/contract-hooks'
import { useDataChanges } from '../api/data-changes'
import { FilterBar } from '../features/projects/FilterBar'
import { useAccounts, useAppInfo, usePinSource, useProject, useProjectSearch, useProjectWindow } from '../api/queries'
import { Settings } from '../features/settings/Settings'
import { AlertsButton } from '../features/monitoring/AlertsButton'
import { Welcome } from './Welcome'
import { type PinPlacement, PinPlacementContext } from '../features/map/pin-placement'
import { type Deleted, ProjectDetail } from '../features/projects/ProjectDetail'
import { NewProject } from '../features/projects/NewProject'
import { UndoToast } from './UndoToast'
import { useDark } from './use-dark'
import { ProjectList } from '../features/projects/ProjectList'
import { SearchBox } from '../features/projects/SearchBox'
import { StatusBar } from '../features/sync/StatusBar'
import { AppDialogs } from './AppDialogs'
import { ErrorBoundary } from './ErrorBoundary'
import { RecoveredNotice } from './RecoveredNotice'
import { useCommand } from './commands'

/** The map (maplibre is most of the window's code) loads after the list: the list is what is wanted first. */
const ProjectMap = lazy(() => import('../features/map/ProjectMap').then((m) => ({ default: m.ProjectMap })))

/** Search waits for a pause in typing (each letter of "Hopetoun" is not a search of 100,000 projects). */
const SEARCH_PAUSE_MS = 150

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    if (value === settled) return
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, settled, ms])
  // Clearing the box is not worth waiting for.
  return value === '' ? '' : settled
}

/** A project as the map places it, or null when it has no coordinates. */
function located(p: ProjectSummary): (ProjectSummary & { lat: number; lng: number }) | null {
  return p.lat !== null && p.lng !== null ? { ...p, lat: p.lat, lng: p.lng } : null
}

const SORTS: { value: ProjectSortField; label: string; direction: 'asc' | 'desc' }[] = [
  { value: 'title', label: 'Address A–Z', direction: 'asc' },
  { value: 'locality', label: 'Suburb / town', direction: 'asc' },
  { value: 'stage', label: 'Stage', direction: 'asc' },
  { value: 'modifiedAt', label: 'Recently changed', direction: 'desc' },
]

type View = { kind: 'workspace' } | { kind: 'settings'; focusAccountId?: string | null; adding?: boolean }

/** The window's theme in force (the technician's choice, or the computer's), for the stylesheet's palette. */
function useTheme() {
  const dark = useDark()
  useEffect(() => {
    document.documentElement.dataset['theme'] = dark ? 'dark' : 'light'
  }, [dark])
}

export function App() {
  useTheme()
  useDataChanges()
  const accounts = useAccounts()
  const [view, setView] = useState<View>({ kind: 'workspace' })
  useCommand('settings', () =>
    setView((now) => (now.kind === 'settings' ? { kind: 'workspace' } : { kind: 'settings' })),
  )
  // A link (solarfield://project/…) or the menu may open a project from Settings too.
  useCommand('openProject', () => setView({ kind: 'workspace' }))
  return (
    <>
      <AppView
        view={view}
        setView={setView}
        welcome={accounts.data !== undefined && accounts.data.items.length === 0}
      />
      <AppDialogs />
      <RecoveredNotice />
    </>
  )
}

function AppView({ view, setView, welcome }: { view: View; setView: (view: View) => void; welcome: boolean }) {
  if (view.kind === 'settings')
    return (
      <div className="app">
        <AppHeader onSettings={() => setView({ kind: 'workspace' })} />
        <ErrorBoundary area="Settings">
          <Settings
            onClose={() => setView({ kind: 'workspace' })}
            focusAccountId={view.focusAccountId}
            startAdding={view.adding}
          />
        </ErrorBoundary>
      </div>
    )
  if (welcome)
    return (
      <div className="app">
        <AppHeader onSettings={() => setView({ kind: 'settings' })} />
        <Welcome onAddAccount={() => setView({ kind: 'settings', adding: true })} />
      </div>
    )
  return <Workspace onSettings={(focusAccountId) => setView({ kind: 'settings', focusAccountId })} />
}

function AppHeader(props: { onSettings: () => void; children?: React.ReactNode }) {
  const info = useAppInfo()
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ☀
        </span>{' '}
        Solar Field
      </div>
      {props.children}
      <div className="header-spacer" />
      {info.data?.demo && <span className="demo-pill">Demo data</span>}
      <button type="button" className="header-button" onClick={props.onSettings}>
        Settings
      </button>
    </header>
  )
}

function Workspace({ onSettings }: { onSettings: (focusAccountId?: string | null) => void }) {
  const [placing, setPlacing] = useState<PinPlacement | null>(null)
  const [creating, setCreating] = useState(false)
  const [deleted, setDeleted] = useState<Deleted | null>(null)
  const [searchText, setSearchText] = useState('')
  const query = useDebounced(searchText.trim(), SEARCH_PAUSE_MS)
  const [sortIndex, setSortIndex] = useState(0)
  const [filter, setFilter] = useState<ProjectFilter>({})
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [editingId, setEditingId] = useState<string | null>(null)
  const [listScroll, setScrollTo] = useState<{ index: number } | null>(null)
  const sort = SORTS[sortIndex] ?? SORTS[0]!
  const fetchContract = useContractFetch()
  useCommand('newProject', () => setCreating(true))
  useCommand('openProject', ({ projectId }) => setSelectedId(projectId))
  const dark = useDark()

  const window = useProjectWindow(sort.value, sort.direction, filter)
  const search = useProjectSearch(query, filter)
  const pins = usePinSource(filter)
  const searching = query.length > 0

  const results = search.data?.items
  const count = searching ? (results?.length ?? 0) : window.total
  const rowAt = useCallback(
    (index: number) => (searching ? results?.[index] : window.rowAt(index)),
    // window.rowAt changes with every page that arrives.
    [searching, results, window],
  )

  const mapResults = useMemo(
    () => (searching ? (results ?? []).flatMap((r) => (located(r) ? [located(r)!] : [])) : null),
    [searching, results],
  )
  const selectedProject = useProject(selectedId).data
  const mapSelected = useMemo(() => (selectedProject ? located(selectedProject) : null), [selectedProject])
  const selectPin = useCallback(
    (pin: number) =>
      void fetchContract('projects.atPin', { pin }).then(
        ({ id }) => setSelectedId(id),
        () => undefined,
      ),
    [fetchContract],
  )

  const settled = searching ? search.isSuccess && !search.isPlaceholderData : true
  const mapFrameKey = settled ? `${query}|${JSON.stringify(filter)}` : null

  const listError = (searching ? search.error : window.error) ?? null
  const emptyCache = !searching && window.isSuccess && window.total === 0 && Object.keys(filter).length === 0
  const filteredEmpty = !searching && window.isSuccess && window.total === 0 && Object.keys(filter).length > 0

  /**
   * The selected project's row is kept in view wherever it is in the list: chosen on the map, or found by
   * a search that is then cleared. (A row clicked in the list is in view already: nothing moves.)
   */
  const searchScroll = useMemo(() => {
    const index = searching && selectedId ? (results?.findIndex((r) => r.id === selectedId) ?? -1) : -1
    return index >= 0 ? { index } : null
  }, [searching, selectedId, results])
  useEffect(() => {
    if (!selectedId || searching) return
    let live = true
    void fetchContract('projects.position', {
      id: selectedId,
      sort: sort.value,
      direction: sort.direction,
      ...filter,
    }).then(({ index }) => live && index !== null && setScrollTo({ index }))
    return () => {
      live = false
    }
  }, [fetchContract, selectedId, searching, sort, filter])

  return (
    <div className="app">
      <AppHeader onSettings={() => onSettings()}>
        <SearchBox value={searchText} onChange={setSearchText} />
        <button type="button" className="header-button" onClick={() => setCreating(true)}>
          + New project
        </button>
        <AlertsButton onOpenSite={setSelectedId} />
      </AppHeader>
      <main className="app-main">
        <section className="list-pane" aria-label="Projects">
          <ErrorBoundary area="The project list">
            <div className="list-toolbar">
              <span className="list-count" data-testid="list-count">
                {searching
                  ? search.isFetching && !search.data
                    ? 'Searching…'
                    : `${search.data?.total ?? 0} match${search.data?.total === 1 ? '' : 'es'}${(search.data?.total ?? 0) > count ? ` (first ${count})` : ''}`
                  : window.isSuccess
                    ? `${window.total} project${window.total === 1 ? '' : 's'}`
                    : // Not "0 projects" while the first page is on its way.
                      'Loading projects…'}
              </span>
              <label className="sort">
                <span className="visually-hidden">Sort by</span>
                <select
                  value={sortIndex}
                  onChange={(e) => setSortIndex(Number(e.target.value))}
                  disabled={searching}
                  aria-label="Sort projects"
                >
                  {SORTS.map((s, i) => (
                    <option key={s.value} value={i}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <FilterBar filter={filter} onChange={setFilter} />
            {listError ? (
              <div className="empty-state">
                <h2>Projects could not be loaded</h2>
                <p>{listError.message}</p>
              </div>
            ) : emptyCache ? (
              <div className="empty-state">
                <h2>No projects on this computer yet</h2>
                <p>
                  Your accounts’ projects download on the next sync with a connection (Sync now, below); then they are
                  here on site, with or without signal. Accounts are in Settings.
                </p>
              </div>
            ) : filteredEmpty ? (
              <div className="empty-state">
                <h2>No project matches these filters</h2>
                <p>Clear a filter above to see more.</p>
              </div>
            ) : searching && search.isSuccess && count === 0 ? (
              <div className="empty-state">
                <h2>No project matches “{query}”</h2>
                <p>
                  Search looks at addresses, postcodes, suburbs, customer names, notes, serial numbers and equipment.
                  Try fewer or shorter words.
                </p>
              </div>
            ) : (
              <ProjectList
                label={searching ? 'Search results' : 'All projects'}
                rowAt={rowAt}
                count={count}
                selectedId={selectedId}
                onSelect={setSelectedId}
                onRange={searching ? undefined : window.showRange}
                onOpen={(id) => {
                  setSelectedId(id)
                  setEditingId(id)
                }}
                scrollTo={searching ? searchScroll : listScroll}
              />
            )}
          </ErrorBoundary>
        </section>
        <PinPlacementContext.Provider value={setPlacing}>
          <ErrorBoundary area="The map">
            <Suspense fallback={<div className="map-pane map-loading" aria-busy="true" />}>
              <ProjectMap
                pins={pins}
                results={mapResults}
                selected={mapSelected}
                onSelect={setSelectedId}
                onSelectPin={selectPin}
                frameKey={mapFrameKey}
                placing={placing}
                dark={dark}
              />
            </Suspense>
          </ErrorBoundary>
          <ErrorBoundary area="The project pane">
            {creating ? (
              <NewProject
                onCreated={(id) => {
                  setCreating(false)
                  setSelectedId(id)
                }}
                onCancel={() => setCreating(false)}
              />
            ) : (
              <ProjectDetail
                id={selectedId}
                editing={editingId !== null && editingId === selectedId}
                onEditing={(editing) => setEditingId(editing ? selectedId : null)}
                onDeleted={(gone) => {
                  setSelectedId(null)
                  setDeleted(gone)
                }}
              />
            )}
          </ErrorBoundary>
        </PinPlacementContext.Provider>
      </main>
      {deleted && (
        <UndoToast
          deleted={deleted}
          onClose={() => setDeleted(null)}
          onUndone={(id) => {
            setDeleted(null)
            setSelectedId(id)
          }}
        />
      )}
      <ErrorBoundary area="The status bar">
        <StatusBar onSelectProject={setSelectedId} onOpenAccount={(id) => onSettings(id)} />
      </ErrorBoundary>
    </div>
  )
}
