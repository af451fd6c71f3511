// Bytes through the contract, bound to this window's bridge: files and map areas sent in pieces, and
// stored bytes (previews, thumbnails, map tiles) read back in pieces.
import { useMemo } from 'react'
import type { Attachment } from '../../src-shared/contract'
import { addFile, importMapArea } from './add-file'
import { useClient } from './api'
import { fileBlob, thumbnailOf } from './file-bytes'

export function useTransfers() {
  const { api } = useClient()
  return useMemo(
    () => ({
      addFile: (projectId: string, file: File, onProgress: (fraction: number) => void) =>
        addFile(api, projectId, file, onProgress),
      importMapArea: (file: File, onProgress: (fraction: number) => void) => importMapArea(api, file, onProgress),
      fileBlob: (file: Attachment) => fileBlob(api, file),
      thumbnailOf: (file: Attachment) => thumbnailOf(api, file),
      /** A range of an offline map area's bytes (the map's PMTiles reader asks a range at a time). */
      readMapRange: async (id: string, offset: number, length: number): Promise<ArrayBuffer> => {
        const { base64 } = await api['maps.read']({ id, offset, length })
        return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer
      },
    }),
    [api],
  )
}
