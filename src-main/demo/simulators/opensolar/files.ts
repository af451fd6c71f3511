// OpenSolar private files (opensolar-private-files.txt). The doc names upload_id / parts / completed_on
// for chunked uploads without defining them; the protocol here is ours, documented in src-main/demo/simulators/README.md.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import busboy from 'busboy'
import { z } from 'zod'
import type { SandboxClock } from '../core/clock'
import { djangoTime } from '../core/generate'
import { type HttpError, json, type Reply, type RequestContext, type Routes } from '../core/http'
import { DEMO_CREDENTIALS } from '../credentials'
import { FILE_TAGS, type OpenSolarState, type OsFile } from './state'
import { textOf } from '../../../../src-shared/text-of'

const ORG = DEMO_CREDENTIALS.opensolar.orgId
const URL_TTL_MS = 60 * 60 * 1000 // file_contents "will expire after 1 hour"
const MAX_PARTS = 10_000
const ORDERING = ['created_date', 'modified_date', 'title', 'status', 'filesize'] as const

interface Helpers {
  base: (ctx: RequestContext) => string
  projectUrl: (ctx: RequestContext, id: number) => string
  detail: (status: number, message: string, headers?: Record<string, string>) => HttpError
  invalid: (errors: Record<string, string[]>) => HttpError
}

// Only the documented fields (opensolar-private-files.txt, Response fields): `parts` declares each part's
// number and size; `project` and `file_tags` are resource URLs, as DRF's hyperlinked fields take them.
const ChunkedInit = z.object({
  title: z.string().min(1).max(255),
  project: z.string().nullable().optional(),
  file_tags: z.array(z.string()).optional(),
  show_customer: z.boolean().optional(),
  filesize: z.number().int().positive(),
  parts: z
    .array(z.object({ part_number: z.number().int().positive(), size: z.number().int().positive() }))
    .min(1)
    .max(MAX_PARTS),
})

const Update = z.object({
  title: z.string().min(1).max(255).optional(),
  file_tags: z.array(z.string()).optional(),
  show_customer: z.boolean().optional(),
  project: z.string().nullable().optional(),
  upload_id: z.string().optional(),
  completed_on: z.string().optional(),
  parts: z.array(z.object({ part_number: z.number().int().positive(), etag: z.string() })).optional(),
})

export function registerFileRoutes(routes: Routes, state: OpenSolarState, clock: SandboxClock, h: Helpers): void {
  const secret = randomBytes(32)
  const sign = (path: string, expires: number) =>
    createHmac('sha256', secret).update(`${path}:${expires}`).digest('hex')
  const signedUrl = (ctx: RequestContext, path: string) => {
    const expires = Math.floor((clock.nowMs() + URL_TTL_MS) / 1000)
    return `${h.base(ctx)}${path}?Expires=${expires}&Signature=${sign(path, expires)}`
  }
  const verify = (ctx: RequestContext): string | null => {
    const expires = Number(ctx.query.get('Expires'))
    const signature = ctx.query.get('Signature') ?? ''
    if (!Number.isFinite(expires) || signature !== sign(ctx.path, expires)) return 'Invalid signature'
    if (expires * 1000 < clock.nowMs()) return 'Request has expired'
    return null
  }
  const denied = (message: string): Reply => ({
    status: 403,
    raw: {
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
      ),
      contentType: 'application/xml',
    },
  })

  // DRF hyperlinked fields: a URL of the right kind or nothing (a title or a bare id is refused).
  const tagIds = (values: string[] | undefined): number[] => {
    const ids = (values ?? []).map((value) => {
      const id = Number(/^https?:\/\/[^/]+(?:\/[^/]+)?\/api\/file_tags\/(\d+)\/$/.exec(value)?.[1])
      if (!Number.isInteger(id)) throw h.invalid({ file_tags: [`Invalid hyperlink - No URL match: ${value}.`] })
      if (!FILE_TAGS.some((t) => t.id === id))
        throw h.invalid({ file_tags: [`Invalid hyperlink - Object does not exist: ${value}.`] })
      return id
    })
    return [...new Set(ids)]
  }
  const projectIdOf = (value: string | null | undefined): number | null => {
    if (value === null || value === undefined || value === '') return null
    const id = Number(/^https?:\/\/[^/]+(?:\/[^/]+)?\/api\/orgs\/\d+\/projects\/(\d+)\/$/.exec(value)?.[1])
    if (!Number.isInteger(id)) throw h.invalid({ project: [`Invalid hyperlink - No URL match: ${value}.`] })
    if (!state.projects.has(id)) throw h.invalid({ project: ['Invalid hyperlink - Object does not exist.'] })
    return id
  }

  function shape(ctx: RequestContext, f: OsFile) {
    const complete = !f.upload || f.upload.completed_on !== null
    return {
      url: `${h.base(ctx)}/api/orgs/${ORG}/private_files/${f.id}/`,
      org: `${h.base(ctx)}/api/orgs/${ORG}/`,
      document_template: null,
      project: f.projectId === null ? null : h.projectUrl(ctx, f.projectId),
      user: `${h.base(ctx)}/api/global_users/${f.userId}/`,
      file_tags: f.fileTagIds.map((id) => `${h.base(ctx)}/api/file_tags/${id}/`),
      file_tags_data: f.fileTagIds.map((id) => ({
        url: `${h.base(ctx)}/api/file_tags/${id}/`,
        title: FILE_TAGS.find((t) => t.id === id)?.title ?? '',
        type: 'private',
        id,
      })),
      title: f.title,
      system_uuid: null,
      file_hash: f.file_hash,
      status: f.status,
      status_message: f.status_message,
      filesize: f.data?.length ?? f.upload?.filesize ?? null,
      file_contents:
        complete && f.data ? signedUrl(ctx, `/media/private/${f.id}/${encodeURIComponent(safeName(f.title))}`) : null,
      show_customer: f.show_customer,
      created_date: f.created_date,
      modified_date: f.modified_date,
      temporary: false,
      // The chunked-upload fields (the doc's table names them; its examples, of whole files, have none).
      ...(f.upload ? uploadFields(ctx, f.upload) : {}),
      id: f.id,
    }
  }

  function uploadFields(ctx: RequestContext, upload: NonNullable<OsFile['upload']>) {
    return {
      upload_id: upload.upload_id,
      parts: upload.partSizes.map((size, i) => ({
        part_number: i + 1,
        size,
        uploaded: upload.parts.has(i + 1),
        upload_url: upload.completed_on ? null : signedUrl(ctx, `/media/uploads/${upload.upload_id}/${i + 1}`),
      })),
      completed_on: upload.completed_on,
    }
  }

  const find = (id: string | undefined): OsFile => {
    const file = state.files.get(Number(id))
    if (!file || !/^\d+$/.test(id ?? '')) throw h.detail(404, 'Not found.')
    return file
  }
  const complete = (f: OsFile) => !f.upload || f.upload.completed_on !== null

  function list(ctx: RequestContext): Reply {
    const q = ctx.query
    let files = [...state.files.values()].filter(complete)
    const project = q.get('project')
    if (project) {
      const id = Number(/projects\/(\d+)\/?$/.exec(project)?.[1] ?? project)
      files = files.filter((f) => f.projectId === id)
    }
    const userId = q.get('user_id')
    if (userId) files = files.filter((f) => String(f.userId) === userId)
    const titles = (name: string) =>
      q
        .getAll(name)
        .flatMap((v) => v.split(','))
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean)
    const hasTag = (f: OsFile, wanted: string[]) =>
      f.fileTagIds.some((id) => wanted.includes((FILE_TAGS.find((t) => t.id === id)?.title ?? '').toLowerCase()))
    const include = titles('file_tags')
    if (include.length) files = files.filter((f) => hasTag(f, include))
    const exclude = titles('file_tags_exclude')
    if (exclude.length) files = files.filter((f) => !hasTag(f, exclude))
    const search = q.get('search')?.toLowerCase()
    if (search) {
      files = files.filter((f) =>
        [f.title, f.file_hash, f.status, f.status_message].some((v) => v?.toLowerCase().includes(search)),
      )
    }
    const ordering = q.get('ordering') ?? '-modified_date'
    const field = ordering.replace(/^-/, '')
    // DRF's OrderingFilter ignores fields it does not know, keeping the default.
    const key = (ORDERING as readonly string[]).includes(field) ? field : 'modified_date'
    const descending = (ORDERING as readonly string[]).includes(field) ? ordering.startsWith('-') : true
    const value = (f: OsFile): string | number =>
      key === 'filesize'
        ? (f.data?.length ?? 0)
        : key === 'title'
          ? f.title.toLowerCase()
          : textOf((f as unknown as Record<string, unknown>)[key])
    files.sort((a, b) => {
      const [x, y] = [value(a), value(b)]
      const order = x < y ? -1 : x > y ? 1 : a.id - b.id
      return descending ? -order : order
    })
    return json(
      200,
      files.map((f) => shape(ctx, f)),
    )
  }

  async function create(ctx: RequestContext): Promise<Reply> {
    const type = ctx.header('content-type') ?? ''
    const now = djangoTime(clock.nowMs())
    if (type.includes('multipart/form-data')) {
      const form = await parseMultipart(ctx, type)
      if (!form.file) throw h.invalid({ file_contents: ['No file was submitted.'] })
      const file: OsFile = {
        id: state.nextFileId++,
        projectId: projectIdOf(form.fields.get('project')?.[0]),
        userId: 1,
        title: form.fields.get('title')?.[0] || form.file.name || 'Untitled',
        fileTagIds: tagIds(form.fields.get('file_tags')),
        data: form.file.data,
        file_hash: md5(form.file.data),
        status: 'created',
        status_message: '',
        show_customer: form.fields.get('show_customer')?.[0] === 'true',
        created_date: now,
        modified_date: now,
        upload: null,
      }
      state.files.set(file.id, file)
      return json(201, shape(ctx, file))
    }
    const body = await ctx.json(() => h.detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)'))
    const init = ChunkedInit.safeParse(body)
    if (!init.success) {
      throw h.invalid({
        [String(init.error.issues[0]?.path[0] ?? 'non_field_errors')]: [init.error.issues[0]?.message ?? 'Invalid'],
      })
    }
    const parts = [...init.data.parts].sort((a, b) => a.part_number - b.part_number)
    if (parts.some((p, i) => p.part_number !== i + 1))
      throw h.invalid({ parts: ['Parts must be numbered 1, 2, 3… with none missing.'] })
    const declared = parts.reduce((n, p) => n + p.size, 0)
    if (declared !== init.data.filesize)
      throw h.invalid({ parts: [`The parts add up to ${declared} bytes; filesize is ${init.data.filesize}.`] })
    const file: OsFile = {
      id: state.nextFileId++,
      projectId: projectIdOf(init.data.project),
      userId: 1,
      title: init.data.title,
      fileTagIds: tagIds(init.data.file_tags),
      data: null,
      file_hash: null,
      status: 'uploading',
      status_message: '',
      show_customer: init.data.show_customer ?? false,
      created_date: now,
      modified_date: now,
      upload: {
        upload_id: randomUUID(),
        partSizes: parts.map((p) => p.size),
        filesize: init.data.filesize,
        parts: new Map(),
        completed_on: null,
      },
    }
    state.files.set(file.id, file)
    return json(201, shape(ctx, file))
  }

  async function update(ctx: RequestContext): Promise<Reply> {
    const file = find(ctx.params['id'])
    const body = Update.safeParse(
      await ctx.json(() => h.detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)')),
    )
    if (!body.success) {
      throw h.invalid({
        [String(body.error.issues[0]?.path[0] ?? 'non_field_errors')]: [body.error.issues[0]?.message ?? 'Invalid'],
      })
    }
    const { upload_id, completed_on, parts, file_tags, project, ...fields } = body.data
    if (completed_on !== undefined || upload_id !== undefined) finishUpload(file, upload_id, completed_on, parts)
    if (file_tags) file.fileTagIds = tagIds(file_tags)
    if (project !== undefined) file.projectId = projectIdOf(project)
    if (fields.title !== undefined) file.title = fields.title
    if (fields.show_customer !== undefined) file.show_customer = fields.show_customer
    file.modified_date = djangoTime(clock.nowMs())
    return json(200, shape(ctx, file))
  }

  function finishUpload(
    file: OsFile,
    uploadId: string | undefined,
    completedOn: string | undefined,
    parts: { part_number: number; etag: string }[] | undefined,
  ) {
    const upload = file.upload
    if (!upload || upload.upload_id !== uploadId) throw h.invalid({ upload_id: ['Unknown upload_id for this file.'] })
    if (upload.completed_on) return // completing twice is harmless
    if (!completedOn || Number.isNaN(Date.parse(completedOn)))
      throw h.invalid({ completed_on: ['Enter a valid date/time.'] })
    for (let n = 1; n <= upload.partSizes.length; n++) {
      if (!upload.parts.has(n))
        throw h.invalid({ parts: [`Part ${n} of ${upload.partSizes.length} has not been uploaded.`] })
    }
    for (const claimed of parts ?? []) {
      const stored = upload.parts.get(claimed.part_number)
      if (!stored || md5(stored) !== claimed.etag)
        throw h.invalid({ parts: [`Part ${claimed.part_number} does not match its etag.`] })
    }
    file.data = Buffer.concat([...upload.parts.entries()].sort(([a], [b]) => a - b).map(([, data]) => data))
    file.file_hash = md5(file.data)
    file.status = 'created'
    upload.completed_on = djangoTime(clock.nowMs())
    upload.parts.clear()
  }

  async function uploadPart(ctx: RequestContext): Promise<Reply> {
    const problem = verify(ctx)
    if (problem) return denied(problem)
    const file = [...state.files.values()].find((f) => f.upload?.upload_id === ctx.params['upload_id'])
    const upload = file?.upload
    const n = Number(ctx.params['part'])
    if (!upload || upload.completed_on || !Number.isInteger(n) || n < 1 || n > upload.partSizes.length)
      return denied('NoSuchUpload')
    const data = await ctx.rawBody()
    const expected = upload.partSizes[n - 1]!
    if (data.length !== expected) {
      return json(400, { detail: `Part ${n} must be ${expected} bytes; received ${data.length}.` })
    }
    upload.parts.set(n, data) // re-sending a part replaces it
    return json(200, { part_number: n, etag: md5(data), size: data.length })
  }

  function download(ctx: RequestContext): Reply {
    const problem = verify(ctx)
    if (problem) return denied(problem)
    const file = state.files.get(Number(ctx.params['id']))
    if (!file?.data) return denied('NoSuchKey')
    return { status: 200, raw: { data: file.data, contentType: mimeOf(file.title) } }
  }

  // The org's file tags ("See File Tags for the complete list"): each as file_tags_data embeds it.
  const tagList = (ctx: RequestContext): Reply =>
    json(
      200,
      FILE_TAGS.map((t) => ({
        url: `${h.base(ctx)}/api/file_tags/${t.id}/`,
        title: t.title,
        type: 'private',
        id: t.id,
      })),
    )
  routes.add('GET', '/api/file_tags/', tagList).add('GET', '/api/file_tags', tagList)

  const files = '/api/orgs/:org_id/private_files'
  routes.add('GET', `${files}/`, list).add('GET', files, list)
  routes
    .add('GET', `${files}/:id/`, (ctx) => json(200, shape(ctx, find(ctx.params['id']))))
    .add('GET', `${files}/:id`, (ctx) => json(200, shape(ctx, find(ctx.params['id']))))
  routes.add('POST', `${files}/`, create)
  routes.add('PATCH', `${files}/:id/`, update)
  routes.add('DELETE', `${files}/:id/`, (ctx) => {
    state.files.delete(find(ctx.params['id']).id)
    return { status: 204 }
  })
  routes.add('PUT', '/media/uploads/:upload_id/:part', uploadPart)
  routes.add('GET', '/media/private/:id/:name', download)
}

async function parseMultipart(ctx: RequestContext, contentType: string) {
  const raw = await ctx.rawBody()
  return new Promise<{ fields: Map<string, string[]>; file: { name: string; data: Buffer } | null }>(
    (resolve, reject) => {
      const fields = new Map<string, string[]>()
      let file: { name: string; data: Buffer } | null = null
      const parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1 } })
      parser.on('field', (name, value) => fields.set(name, [...(fields.get(name) ?? []), value]))
      parser.on('file', (name, stream, info) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          if (name === 'file_contents') file = { name: info.filename ?? '', data: Buffer.concat(chunks) }
        })
      })
      parser.on('close', () => resolve({ fields, file }))
      parser.on('error', reject)
      Readable.from([raw]).pipe(parser)
    },
  )
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex')
const safeName = (title: string) => title.replace(/[^\w.-]+/g, '_')
function mimeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? ''
  const types: Record<string, string> = {
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    geojson: 'application/geo+json',
  }
  return types[ext] ?? 'application/octet-stream'
}
