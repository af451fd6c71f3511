// A stored file's bytes in the window: read from main in pieces (no path ever crosses), kept as object
// URLs. Thumbnails are drawn small once and cached, so a project with fifty photos does not hold fifty
// full-size images.
import type { Api, Attachment } from '../../src-shared/contract'
import { ATTACHMENT_CHUNK_BYTES as PIECE } from '../../src-shared/contract/constants'

const THUMB_PX = 96

export async function fileBlob(api: Api, file: Attachment): Promise<Blob> {
  const pieces: BlobPart[] = []
  for (let offset = 0; offset < file.size; offset += PIECE) {
    const { base64 } = await api['attachments.read']({ id: file.id, offset, length: PIECE })
    pieces.push(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))
  }
  return new Blob(pieces, { type: file.mime })
}

const thumbnails = new Map<string, Promise<string>>()

/** A small JPEG of an image file, as an object URL (cached by file and content). */
export function thumbnailOf(api: Api, file: Attachment): Promise<string> {
  const key = `${file.id}:${file.size}`
  let thumb = thumbnails.get(key)
  if (!thumb) {
    thumb = fileBlob(api, file)
      .then((blob) => createImageBitmap(blob, { resizeWidth: THUMB_PX * 2, resizeQuality: 'medium' }))
      .then(async (bitmap) => {
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
        canvas.getContext('2d')!.drawImage(bitmap, 0, 0)
        bitmap.close()
        return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 }))
      })
    thumb.catch(() => thumbnails.delete(key))
    thumbnails.set(key, thumb)
  }
  return thumb
}

export function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
