import { useMutation } from '@tanstack/react-query'
import { type DragEvent, useEffect, useRef, useState } from 'react'
import type { Attachment, Vendor } from '../../../src-shared/contract'
import { useContractMutation, useContractQuery } from '../../api/contract-hooks'
import { saveAs } from '../../api/file-bytes'
import { useTransfers } from '../../api/transfers'
import { VENDORS } from '../projects/vendors'

const STATE_TEXT: Record<Attachment['state'], string> = {
  local: 'Kept on this computer',
  waiting: 'Waiting to upload',
  uploading: 'Uploading',
  uploaded: 'Uploaded',
  remote: 'From the vendor',
  failed: 'Not uploaded',
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A project's photos and documents: drop or pick files, rename, tag, remove; each change goes out with sync. */
export function ProjectFiles({ projectId, vendor }: { projectId: string; vendor: Vendor }) {
  const transfers = useTransfers()
  const picker = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const [adding, setAdding] = useState<{ name: string; fraction: number } | null>(null)
  const [preview, setPreview] = useState<Attachment | null>(null)
  const files = useContractQuery('attachments.list', { projectId })
  // Each file added is told by main as it lands (its `attachments.finish`): the list follows.
  const add = useMutation({
    mutationFn: async (list: File[]) => {
      for (const file of list) {
        setAdding({ name: file.name, fraction: 0 })
        await transfers.addFile(projectId, file, (fraction) => setAdding({ name: file.name, fraction }))
      }
    },
    onSettled: () => setAdding(null),
  })
  const rename = useContractMutation('attachments.rename')
  const tag = useContractMutation('attachments.tag')
  const remove = useContractMutation('attachments.remove')
  const fetchFile = useContractMutation('attachments.fetch')
  const actions = [rename, tag, remove, fetchFile]
  const act = { isPending: actions.some((a) => a.isPending), error: actions.find((a) => a.error)?.error ?? null }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    const dropped = [...event.dataTransfer.files]
    if (dropped.length) add.mutate(dropped)
  }
  const vendorName = VENDORS[vendor].name
  const items = files.data?.items ?? []

  return (
    <section className="detail-section files" aria-label="Files">
      <h3>Files</h3>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {adding ? (
          <span>
            Adding {adding.name}… {Math.round(adding.fraction * 100)}%
          </span>
        ) : (
          <>
            <span>Drop photos and PDFs here, or </span>
            <button type="button" className="link-button" onClick={() => picker.current?.click()}>
              choose files…
            </button>
          </>
        )}
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Add files"
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])]
            event.target.value = ''
            if (chosen.length) add.mutate(chosen)
          }}
        />
      </div>
      {files.data && !files.data.uploads && (
        <p className="files-note">{vendorName} takes no files from Solar Field: they stay on this computer.</p>
      )}
      {(add.error ?? act.error) && (
        <p className="activity-error" role="alert">
          {(add.error ?? act.error)!.message}
        </p>
      )}
      {items.length > 0 && (
        <ul className="file-list">
          {items.map((file) => (
            <FileRow
              key={file.id}
              file={file}
              // The file's own tags show even before the org's list is known.
              tagOptions={[...new Set([...(files.data?.tagOptions ?? []), ...file.tags])]}
              busy={act.isPending}
              onRename={(title) => rename.mutate({ id: file.id, title })}
              onTags={(tags) => tag.mutate({ id: file.id, tags })}
              onRemove={() => remove.mutate({ id: file.id })}
              onFetch={() => fetchFile.mutate({ id: file.id })}
              onPreview={() => setPreview(file)}
            />
          ))}
        </ul>
      )}
      {files.isSuccess && items.length === 0 && !adding && <p className="files-note">No files yet.</p>}
      {preview && <FilePreview file={preview} onClose={() => setPreview(null)} />}
      {files.data?.uploads && files.data.tagOptions.length === 0 && items.length > 0 && (
        <p className="files-note">The vendor’s file tags appear here after the first sync with a connection.</p>
      )}
    </section>
  )
}

function FileRow({
  file,
  tagOptions,
  busy,
  onRename,
  onTags,
  onRemove,
  onFetch,
  onPreview,
}: {
  file: Attachment
  tagOptions: string[]
  busy: boolean
  onRename: (title: string) => void
  onTags: (tags: string[]) => void
  onRemove: () => void
  onFetch: () => void
  onPreview: () => void
}) {
  const [renaming, setRenaming] = useState<string | null>(null)
  const [removing, setRemoving] = useState(false)
  const state =
    file.state === 'uploading' && file.progress !== null
      ? `${STATE_TEXT.uploading} ${Math.round(file.progress * 100)}%`
      : STATE_TEXT[file.state]
  return (
    <li className={`file-row ${file.state}`}>
      {file.local && file.mime.startsWith('image/') && <Thumbnail file={file} onOpen={onPreview} />}
      <div className="file-main">
        {renaming !== null ? (
          <form
            className="file-rename"
            onSubmit={(event) => {
              event.preventDefault()
              if (renaming.trim() && renaming !== file.title) onRename(renaming.trim())
              setRenaming(null)
            }}
          >
            <input
              aria-label={`New name for ${file.title}`}
              value={renaming}
              autoFocus
              onChange={(event) => setRenaming(event.target.value)}
            />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <span className="file-title">{file.title}</span>
        )}
        <span className="file-meta">
          {formatBytes(file.size)} · <span className="file-state">{state}</span>
        </span>
      </div>
      {file.error && <p className="activity-error">{file.error}</p>}
      {tagOptions.length > 0 && (
        <div className="file-tags" role="group" aria-label={`Tags of ${file.title}`}>
          {tagOptions.map((tag) => {
            const on = file.tags.includes(tag)
            return (
              <button
                key={tag}
                type="button"
                className={`tag-chip${on ? ' on' : ''}`}
                aria-pressed={on}
                disabled={busy}
                onClick={() => onTags(on ? file.tags.filter((t) => t !== tag) : [...file.tags, tag])}
              >
                {tag}
              </button>
            )
          })}
        </div>
      )}
      {removing ? (
        <div className="file-actions confirm-inline" role="alertdialog" aria-label={`Remove ${file.title}?`}>
          <span>
            Remove “{file.title}”{file.state === 'local' ? ' from this computer' : ' here and at the vendor'}?
          </span>
          <button type="button" className="danger" disabled={busy} onClick={onRemove}>
            Remove
          </button>
          <button type="button" onClick={() => setRemoving(false)}>
            Keep it
          </button>
        </div>
      ) : (
        renaming === null && (
          <div className="file-actions">
            {file.local ? (
              <button type="button" onClick={onPreview} aria-label={`Open ${file.title}`}>
                Open
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={onFetch} aria-label={`Download ${file.title}`}>
                Download
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => setRenaming(file.title)}>
              Rename
            </button>
            <button type="button" disabled={busy} onClick={() => setRemoving(true)} aria-label={`Remove ${file.title}`}>
              Remove
            </button>
          </div>
        )
      )}
    </li>
  )
}

function Thumbnail({ file, onOpen }: { file: Attachment; onOpen: () => void }) {
  const { thumbnailOf } = useTransfers()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    thumbnailOf(file).then(
      (made) => live && setUrl(made),
      () => undefined, // not an image the window can draw: no thumbnail
    )
    return () => {
      live = false
    }
  }, [thumbnailOf, file])
  if (!url) return <span className="file-thumb empty" aria-hidden="true" />
  return (
    <button type="button" className="file-thumb" onClick={onOpen} aria-label={`Preview ${file.title}`}>
      <img src={url} alt="" />
    </button>
  )
}

/**
 * An image shown here, full size; anything else (a PDF) opened with the computer's viewer, or, where there is
 * none to call (the browser host), saved as a copy.
 */
function FilePreview({ file, onClose }: { file: Attachment; onClose: () => void }) {
  const { fileBlob } = useTransfers()
  const { mutateAsync: openFile } = useContractMutation('attachments.open')
  const [url, setUrl] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const image = file.mime.startsWith('image/')
  useEffect(() => {
    let live = true
    let made: string | null = null
    const show = async () => {
      if (image) {
        made = URL.createObjectURL(await fileBlob(file))
        if (live) setUrl(made)
        return
      }
      const { opened } = await openFile({ id: file.id })
      if (!opened) saveAs(await fileBlob(file), file.title)
      if (live) onClose()
    }
    show().catch((error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)))
    return () => {
      live = false
      if (made) URL.revokeObjectURL(made)
    }
  }, [fileBlob, openFile, file, image, onClose])
  if (!image && !problem) return null
  return (
    <div className="preview" role="dialog" aria-label={`Preview of ${file.title}`} onClick={onClose}>
      {problem ? (
        <p className="activity-error">{problem}</p>
      ) : url ? (
        <img src={url} alt={file.title} />
      ) : (
        <p>Loading…</p>
      )}
      <button type="button" className="preview-close" onClick={onClose} aria-label="Close preview">
        ×
      </button>
    </div>
  )
}
