// Offline map areas (issue 13 §3): which street areas this computer holds, and importing one from a file
// (a PMTiles archive of vector tiles, e.g. an extract of the region the technician works in).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useClient } from '../../api/api'
import { importMapArea } from '../attachments/add-file'

const megabytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`

export function MapAreasSettings() {
  const { api } = useClient()
  const queryClient = useQueryClient()
  const areas = useQuery({ queryKey: ['maps.areas'], queryFn: () => api['maps.areas']({}) })
  const picker = useRef<HTMLInputElement>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['maps.areas'] })
  const importing = useMutation({
    mutationFn: (file: File) => importMapArea(api, file, setProgress),
    onSettled: () => {
      setProgress(null)
      void refresh()
    },
  })
  const removing = useMutation({
    mutationFn: (id: string) => api['maps.remove']({ id }),
    onSettled: () => void refresh(),
  })
  return (
    <section className="settings-section" aria-label="Offline maps">
      <h3>Offline maps</h3>
      <p className="files-note">
        Street areas on this computer: the map shows their streets and place names with no connection. Import an area
        file (.pmtiles, vector tiles) for the region you work in.
      </p>
      {areas.error && <p className="editor-error">{areas.error.message}</p>}
      <ul className="map-area-list">
        {areas.data?.areas.map((area) => (
          <li key={area.id} className="map-area-row">
            <span>
              <strong>{area.name}</strong>
              <span className="file-meta">
                {' '}
                · {megabytes(area.bytes)} · zoom {area.minZoom}–{area.maxZoom}
                {area.source === 'demo' ? ' · demo' : ''}
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
    </section>
  )
}
