// Sends a dropped or picked file to the main process in pieces: nothing in the renderer ever names a
// path on disk, and a large PDF (or a city's map area) never sits whole in one IPC message. Pieces go
// as bytes (no base64), several on their way at once: main takes them in the order they were sent and
// checks each offset.
import type { Api, Attachment, MapArea } from '../../src-shared/contract'
import { ATTACHMENT_CHUNK_BYTES } from '../../src-shared/contract/constants'

/** Pieces sent before the first is acknowledged: enough to keep the disk busy, little held in memory. */
const IN_FLIGHT = 4

interface Upload<T> {
  begin(): Promise<{ uploadId: string }>
  write(input: { uploadId: string; offset: number; bytes: Uint8Array<ArrayBuffer> }): Promise<{ received: number }>
  finish(input: { uploadId: string }): Promise<T>
  cancel(input: { uploadId: string }): Promise<unknown>
}

async function sendInPieces<T>(file: File, upload: Upload<T>, onProgress: (fraction: number) => void): Promise<T> {
  const { uploadId } = await upload.begin()
  try {
    const sending = new Set<Promise<unknown>>()
    let acknowledged = 0
    for (let offset = 0; offset < file.size; offset += ATTACHMENT_CHUNK_BYTES) {
      const bytes = new Uint8Array(await file.slice(offset, offset + ATTACHMENT_CHUNK_BYTES).arrayBuffer())
      const sent: Promise<unknown> = upload.write({ uploadId, offset, bytes }).then(({ received }) => {
        acknowledged = Math.max(acknowledged, received)
        onProgress(acknowledged / Math.max(1, file.size))
      })
      sending.add(sent)
      void sent.finally(() => sending.delete(sent)).catch(() => undefined)
      if (sending.size >= IN_FLIGHT) await Promise.race(sending)
    }
    await Promise.all(sending)
    return await upload.finish({ uploadId })
  } catch (error) {
    await upload.cancel({ uploadId }).catch(() => undefined)
    throw error
  }
}

export function addFile(
  api: Api,
  projectId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  return sendInPieces(
    file,
    {
      begin: () =>
        api['attachments.begin']({
          projectId,
          title: file.name,
          size: file.size,
          mime: file.type || 'application/octet-stream',
        }),
      write: (input) => api['attachments.write'](input),
      finish: (input) => api['attachments.finish'](input),
      cancel: (input) => api['attachments.cancel'](input),
    },
    onProgress,
  )
}

export function importMapArea(api: Api, file: File, onProgress: (fraction: number) => void): Promise<MapArea> {
  return sendInPieces(
    file,
    {
      begin: () => api['maps.importBegin']({ name: file.name.replace(/\.pmtiles$/i, ''), size: file.size }),
      write: (input) => api['maps.importWrite'](input),
      finish: (input) => api['maps.importFinish'](input),
      cancel: (input) => api['maps.importCancel'](input),
    },
    onProgress,
  )
}
