// Offline map areas: which street areas this computer holds, and importing one from a file
// (a PMTiles archive of vector tiles, e.g. an extract of the region the technician works in).
import { useMutation } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useContractMutation, useContractQuery } from '../../api/contract-hooks'
import { usePreferenceControls } from '../../api/queries'
import { useTransfers } from '../../api/transfers'

const KIND: Record<string, string> = {
  demo: ' · demo',
  imported: '',
  kept: ' · kept around your projects',
  online: ' · online',
}

/** The online street source and how much of it to keep around the projects. */
function OnlineSource() {
  const { preferences, change, error: saveError } = usePreferenceControls()
  const [address, setAddress] = useState<string | null>(null)
  const keep = useContractMutation<'maps.keepNow', void>('maps.keepNow', { input: () => ({}) })
  if (!preferences) return null
  const shown = address ?? preferences.mapSource ?? ''
  return (
    <div className="map-source">
      <label>
        Online street source
        <input
          type="url"
          placeholder="https://…/streets.pmtiles"
          value={shown}
          onChange={(e) => setAddress(e.target.value)}
          onBlur={() => {
            const next = shown.trim() || null
            if (next === preferences.mapSource) return
            change({ mapSource: next }, { onSuccess: () => setAddress(null) })
          }}
        />
      </label>
      <label>
        Keep around your projects, up to{' '}
        <input
          type="number"
          min={0}
          max={20000}
          value={preferences.keepMapMb}
          onChange={(e) => {
            const mb = Math.round(Number(e.target.value))
            if (Number.isFinite(mb) && mb >= 0) change({ keepMapMb: mb })
          }}
        />{' '}
        MB
      </label>
      <button type="button" disabled={!preferences.mapSource || keep.isPending} onClick={() => keep.mutate()}>
        {keep.isPending ? 'Keeping…' : 'Keep now'}
      </button>
      {keep.data && (
        <p className="files-note" role="status">
          Kept the streets around {keep.data.projects} project{keep.data.projects === 1 ? '' : 's'} ({keep.data.tiles}{' '}
          tiles).
        </p>
      )}
      {(saveError ?? keep.error) && <p className="editor-error">{(saveError ?? keep.error)!.message}</p>}
    </div>
  )
}

const megabytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`

export function MapAreasSettings() {
  const { importMapArea } = useTransfers()
  const areas = useContractQuery('maps.areas', {})
  const picker = useRef<HTMLInputElement>(null)
  const [progress, setProgress] = useState<number | null>(null)
  // The area lands with `maps.importFinish`, which main tells the windows of: the list follows.
  const importing = useMutation({
    mutationFn: (file: File) => importMapArea(file, setProgress),
    onSettled: () => setProgress(null),
  })
  const removing = useContractMutation<'maps.remove', string>('maps.remove', { input: (id) => ({ id }) })
  return (
    <section className="settings-section" aria-label="Offline maps">
      <h3>Offline maps</h3>
      <p className="files-note">
        Street areas on this computer: the map shows their streets and place names with no connection. Import an area
        file (.pmtiles, vector tiles) for the region you work in, or set an online source: its streets show while
        online, and those around your projects are kept for when you are not.
      </p>
      {areas.error && <p className="editor-error">{areas.error.message}</p>}
      <ul className="map-area-list">
        {areas.data?.areas.map((area) => (
          <li key={area.id} className="map-area-row">
            <span>
              <strong>{area.name}</strong>
              <span className="file-meta">
                {' '}
                {area.source === 'online' ? '' : ` · ${megabytes(area.bytes)}`} · zoom {area.minZoom}–{area.maxZoom}
                {KIND[area.source]}
              </span>
            </span>
            {area.source === 'imported' && (
              <button
                type="button"
                className="danger"
                disabled={removing.isPending}
                onClick={() => {
                  if (window.confirm(`Remove the offline map area "${area.name}" from this computer?`))
                    removing.mutate(area.id)
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
        {areas.data?.areas.length === 0 && <li className="files-note">No offline areas yet.</li>}
      </ul>
      <input
        ref={picker}
        type="file"
        accept=".pmtiles"
        hidden
        aria-label="Map area file"
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (file) importing.mutate(file)
        }}
      />
      <button type="button" disabled={importing.isPending} onClick={() => picker.current?.click()}>
        {progress !== null ? `Importing… ${Math.round(progress * 100)}%` : 'Import an area file…'}
      </button>
      {importing.error && (
        <p className="editor-error" role="alert">
          {importing.error.message}
        </p>
      )}
      {removing.error && <p className="editor-error">{removing.error.message}</p>}
      <OnlineSource />
    </section>
  )
}
