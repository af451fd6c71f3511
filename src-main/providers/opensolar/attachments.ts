// OpenSolar private files as sync sees them (ProviderAttachments): ids as strings, tags by title,
// the project by id rather than by resource URL.
import type { ProviderAttachments, RemoteFile } from '../provider'
import type { OpenSolarFiles } from './files'
import type { OsFile } from './schemas'

export function openSolarAttachments(files: OpenSolarFiles): ProviderAttachments {
  return {
    listAll: async (onSkipped) => (await files.list({}, onSkipped)).map(toRemoteFile),
    fileTags: async () => (await files.fileTags({ refresh: true })).map((t) => t.title),
    // Only sync's reconciling of an upload in doubt lists one project's files: it is part of sending.
    listForProject: async (remoteProjectId) =>
      (await files.list({ project: remoteProjectId, purpose: 'push' })).map(toRemoteFile),
    upload: async ({ remoteProjectId, localPath, title, tags, onProgress, onStarted }) =>
      toRemoteFile(
        await files.upload({
          file: localPath,
          title,
          project: remoteProjectId,
          tags,
          onProgress,
          onStarted: onStarted && ((id) => onStarted(String(id))),
        }),
      ),
    resume: async (remoteId, localPath, onProgress) =>
      toRemoteFile(await files.resume(Number(remoteId), localPath, onProgress)),
    rename: async (remoteId, title) => toRemoteFile(await files.rename(Number(remoteId), title)),
    setTags: async (remoteId, tags) => toRemoteFile(await files.setTags(Number(remoteId), tags)),
    delete: (remoteId) => files.delete(Number(remoteId)),
    download: (remoteId, destination) => files.download(Number(remoteId), destination),
  }
}

function toRemoteFile(file: OsFile): RemoteFile {
  return {
    remoteId: String(file.id),
    remoteProjectId: file.project ? (/projects\/(\d+)\/?$/.exec(file.project)?.[1] ?? null) : null,
    title: file.title,
    tags: (file.file_tags_data ?? []).map((t) => t.title),
    size: file.filesize ?? null,
    md5: file.file_hash ?? null,
    // A part upload has an upload id until it is completed.
    complete: Boolean(file.completed_on) || !file.upload_id,
    raw: file,
  }
}
