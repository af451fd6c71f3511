// OpenSolar private files. Uploads stream from disk (never the whole file in memory); large files go
// up in parts (the simulator's documented protocol) and can resume after a crash; downloads refresh
// an expired file_contents link transparently (links live one hour).
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PermissionError, ValidationError } from '../http/errors'
import { type HttpClient, RAW } from '../http/http-client'
import { RecordList, type SkippedRecord, sortRecords } from '../http/tolerant-array'
import type { RequestPurpose } from '../http/limits'
import { type OsFile, OsFile as OsFileSchema, OsFileTag, OsPartReceipt } from './schemas'

export interface FileFilters {
  /** Remote project id. */
  project?: string
  userId?: number
  fileTags?: string[]
  fileTagsExclude?: string[]
  search?: string
  ordering?: `${'' | '-'}${'created_date' | 'modified_date' | 'title' | 'status' | 'filesize'}`
  /** Listing to finish an upload in doubt counts against the requests kept for sending. */
  purpose?: RequestPurpose
}

export interface UploadRequest {
  file: string
  title: string
  /** Remote project id. */
  project?: string
  tags?: string[]
  onProgress?: (sentBytes: number, totalBytes: number) => void
  /** A part upload has begun under this id: keep it, to resume after a crash (an unfinished upload is not listed). */
  onStarted?: (id: number) => Promise<void> | void
  signal?: AbortSignal
}

export interface FileUploadOptions {
  /** Files larger than this go up in parts. */
  chunkThresholdBytes?: number
  partSizeBytes?: number
}

export class OpenSolarFiles {
  private readonly threshold: number
  private readonly partSize: number
  /** The org's file tags, read once and again when a name is not among them. */
  private tags: Promise<OsFileTag[]> | null = null

  constructor(
    private readonly http: HttpClient,
    private readonly orgId: number,
    options: FileUploadOptions = {},
  ) {
    this.threshold = options.chunkThresholdBytes ?? 16 * 1024 * 1024
    this.partSize = options.partSizeBytes ?? 8 * 1024 * 1024
  }

  private get base() {
    return `/api/orgs/${this.orgId}/private_files/`
  }

  /** A project's resource URL, as `project` fields hold it. */
  private projectUrl(remoteProjectId: string): string {
    return this.http.resourceUrl(`/api/orgs/${this.orgId}/projects/${remoteProjectId}/`)
  }

  /** The org's file tags ("See File Tags for the complete list of available file tags"). */
  fileTags(options: { refresh?: boolean; purpose?: RequestPurpose } = {}): Promise<OsFileTag[]> {
    if (!this.tags || options.refresh) {
      const read = this.http
        .request({
          method: 'GET',
          path: '/api/file_tags/',
          schema: RecordList,
          records: true,
          purpose: options.purpose,
        })
        .then(async (listed) => (await sortRecords(listed, OsFileTag, 'file tag')).valid)
      this.tags = read
      read.catch(() => {
        if (this.tags === read) this.tags = null
      })
    }
    return this.tags
  }

  /** Tag names → the tag URLs `file_tags` holds (opensolar-private-files.txt). */
  async tagUrls(names: readonly string[]): Promise<string[]> {
    if (!names.length) return []
    const find = (tags: OsFileTag[]) => names.map((n) => tags.find((t) => t.title.toLowerCase() === n.toLowerCase()))
    let found = find(await this.fileTags({ purpose: 'push' }))
    // A tag the org added since the list was read.
    if (found.includes(undefined)) found = find(await this.fileTags({ refresh: true, purpose: 'push' }))
    const missing = names.filter((_, i) => !found[i])
    if (missing.length)
      throw new ValidationError(
        'opensolar',
        [`${missing.map((m) => `"${m}"`).join(', ')} is not a file tag of this organisation.`],
        null,
      )
    return found.map((t) => t!.url ?? this.http.resourceUrl(`/api/file_tags/${t!.id}/`))
  }

  /** The org's files (or one project's); a file that cannot be read is left out and told to `onSkipped`. */
  async list(filters: FileFilters = {}, onSkipped?: (record: SkippedRecord) => void): Promise<OsFile[]> {
    const listed = await this.http.request({
      method: 'GET',
      path: this.base,
      query: {
        project: filters.project ? this.projectUrl(filters.project) : undefined,
        user_id: filters.userId,
        file_tags: filters.fileTags?.join(','),
        file_tags_exclude: filters.fileTagsExclude?.join(','),
        search: filters.search,
        ordering: filters.ordering,
      },
      schema: RecordList,
      records: true,
      purpose: filters.purpose,
    })
    const files = await sortRecords(listed, OsFileSchema, 'file')
    files.skipped.forEach((record) => onSkipped?.(record))
    return files.valid
  }

  get(id: number): Promise<OsFile> {
    return this.http.request({ method: 'GET', path: `${this.base}${id}/`, schema: OsFileSchema })
  }

  rename(id: number, title: string): Promise<OsFile> {
    return this.http.request({
      method: 'PATCH',
      path: `${this.base}${id}/`,
      json: { title },
      schema: OsFileSchema,
      idempotent: true,
    })
  }

  async setTags(id: number, tags: string[]): Promise<OsFile> {
    return this.http.request({
      method: 'PATCH',
      path: `${this.base}${id}/`,
      json: { file_tags: await this.tagUrls(tags) },
      schema: OsFileSchema,
      idempotent: true,
    })
  }

  async delete(id: number): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `${this.base}${id}/` })
  }

  /** Uploads a local file: one multipart request, or parts for a large file. */
  async upload(request: UploadRequest): Promise<OsFile> {
    const { size } = await fs.promises.stat(request.file)
    return size > this.threshold ? this.uploadInParts(request, size) : this.uploadMultipart(request, size)
  }

  /** Finishes a part upload that was interrupted (a crash, a lost connection): sends only the missing parts. */
  async resume(id: number, localFile: string, onProgress?: UploadRequest['onProgress']): Promise<OsFile> {
    const record = await this.get(id)
    if (record.completed_on || !record.upload_id) return record
    return this.sendParts(record, localFile, onProgress)
  }

  /** Downloads to `destination` (written beside it, then renamed: never a half file). */
  async download(id: number, destination: string): Promise<void> {
    let record = await this.get(id)
    let data: Buffer
    try {
      data = await this.fetchContents(record)
    } catch (error) {
      // The link lives one hour (opensolar-private-files.txt): a fresh read of the record gives a fresh one.
      if (!(error instanceof PermissionError)) throw error
      record = await this.get(id)
      data = await this.fetchContents(record)
    }
    const partial = `${destination}.part-${randomBytes(4).toString('hex')}`
    await fs.promises.writeFile(partial, data)
    await fs.promises.rename(partial, destination)
  }

  private fetchContents(record: OsFile): Promise<Buffer> {
    if (!record.file_contents)
      throw new PermissionError('opensolar', `"${record.title}" has no downloadable contents yet.`)
    return this.http.request({ method: 'GET', path: record.file_contents, schema: RAW, anonymous: true })
  }

  private async uploadMultipart(request: UploadRequest, size: number): Promise<OsFile> {
    const boundary = `----SolarField${randomBytes(12).toString('hex')}`
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const fields = [
      field('title', request.title),
      request.project ? field('project', this.projectUrl(request.project)) : '',
      // A list in a form is the field repeated, one tag URL each.
      ...(await this.tagUrls(request.tags ?? [])).map((url) => field('file_tags', url)),
    ].join('')
    const filename = path.basename(request.file).replace(/["\r\n]/g, '_')
    const head = Buffer.from(
      `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file_contents"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const file = request.file
    const onProgress = request.onProgress
    async function* body() {
      yield head
      let sent = 0
      for await (const chunk of fs.createReadStream(file)) {
        sent += (chunk as Buffer).length
        onProgress?.(sent, size)
        yield chunk as Buffer
      }
      yield tail
    }
    return this.http.request({
      method: 'POST',
      path: this.base,
      body: {
        data: body,
        contentType: `multipart/form-data; boundary=${boundary}`,
        length: head.length + size + tail.length,
      },
      schema: OsFileSchema,
      signal: request.signal,
    })
  }

  private async uploadInParts(request: UploadRequest, size: number): Promise<OsFile> {
    const started = await this.http.request({
      method: 'POST',
      path: this.base,
      // Only documented fields (opensolar-private-files.txt, Response fields): each part's number and size.
      json: {
        title: request.title,
        project: request.project ? this.projectUrl(request.project) : null,
        file_tags: await this.tagUrls(request.tags ?? []),
        filesize: size,
        parts: Array.from({ length: Math.ceil(size / this.partSize) }, (_, i) => ({
          part_number: i + 1,
          size: Math.min(this.partSize, size - i * this.partSize),
        })),
      },
      schema: OsFileSchema,
      signal: request.signal,
    })
    await request.onStarted?.(started.id)
    return this.sendParts(started, request.file, request.onProgress)
  }

  private async sendParts(
    record: OsFile,
    localFile: string,
    onProgress?: UploadRequest['onProgress'],
  ): Promise<OsFile> {
    const parts = record.parts ?? []
    const total = parts.reduce((n, p) => n + p.size, 0)
    let sent = parts.filter((p) => p.uploaded).reduce((n, p) => n + p.size, 0)
    let offset = 0
    const receipts: { part_number: number; etag: string }[] = []
    for (const part of [...parts].sort((a, b) => a.part_number - b.part_number)) {
      const start = offset
      offset += part.size
      if (part.uploaded) continue
      if (!part.upload_url)
        throw new PermissionError('opensolar', `Part ${part.part_number} of "${record.title}" has no upload link.`)
      const receipt = await this.http.request({
        method: 'PUT',
        path: part.upload_url,
        anonymous: true,
        body: {
          data: () => fs.createReadStream(localFile, { start, end: start + part.size - 1 }),
          contentType: 'application/octet-stream',
          length: part.size,
        },
        schema: OsPartReceipt,
      })
      receipts.push({ part_number: receipt.part_number, etag: receipt.etag })
      sent += part.size
      onProgress?.(sent, total)
    }
    return this.http.request({
      method: 'PATCH',
      path: `${this.base}${record.id}/`,
      json: { upload_id: record.upload_id, completed_on: new Date().toISOString(), parts: receipts },
      schema: OsFileSchema,
      // Completing twice is harmless (a retried PATCH after a lost answer).
      idempotent: true,
    })
  }
}

/** md5 of a local file, streamed, as OpenSolar's file_hash. */
export async function fileMd5(file: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
