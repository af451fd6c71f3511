// Sends a dropped or picked file to the main process in pieces: nothing in the renderer ever names a
// path on disk, and a large PDF never sits whole in one IPC message.
import type { Api, Attachment, AttachmentChunkBytes } from '../../../src-preload/contract'

/** Typed as the contract's constant: a different number does not compile. */
const ATTACHMENT_CHUNK_BYTES: AttachmentChunkBytes = 524_288

/** A piece of a file as base64 (what the contract carries, over Electron IPC and the dev host alike). */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'))
    reader.readAsDataURL(blob)
  })
}

export async function addFile(
  api: Api,
  projectId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  const { uploadId } = await api['attachments.begin']({
    projectId,
    title: file.name,
    size: file.size,
    mime: file.type || 'application/octet-stream',
  })
  try {
    for (let offset = 0; offset < file.size; offset += ATTACHMENT_CHUNK_BYTES) {
      const base64 = await base64Of(file.slice(offset, offset + ATTACHMENT_CHUNK_BYTES))
      await api['attachments.write']({ uploadId, offset, base64 })
      onProgress(Math.min(1, (offset + ATTACHMENT_CHUNK_BYTES) / Math.max(1, file.size)))
    }
    return await api['attachments.finish']({ uploadId })
  } catch (error) {
    await api['attachments.cancel']({ uploadId }).catch(() => undefined)
    throw error
  }
}
