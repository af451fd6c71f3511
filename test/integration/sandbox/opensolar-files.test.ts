import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { auth, call, useSandboxes } from '../../helpers/sandbox'
import { FILE_TAGS } from '../../../src-main/demo/simulators/opensolar/state'
import type { Sandbox } from '../../../src-main/demo/simulators/sandbox'

const sandboxes = useSandboxes()
const F = '/api/orgs/1/private_files/'
const url = (s: Sandbox, path: string) => `${s.baseUrls.opensolar}${path}`
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex')
const projectIds = (s: Sandbox) => [...s.state.opensolar.projects.keys()]
// Resource URLs, as the doc's examples show them (the simulator takes any host, as a proxy would pass).
const projectUrl = (id: number | undefined) => `https://api.opensolar.com/api/orgs/1/projects/${id}/`
const tagUrl = (title: string) =>
  `https://api.opensolar.com/api/file_tags/${FILE_TAGS.find((t) => t.title === title)!.id}/`

async function upload(s: Sandbox, fields: Record<string, string | string[]>, name: string, data: Buffer) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) form.append(k, value)
  form.append('file_contents', new Blob([data]), name)
  return call(url(s, F), { method: 'POST', headers: auth.opensolar, body: form })
}

async function seedFiles(s: Sandbox) {
  const [a, b] = projectIds(s)
  const files = [
    await upload(
      s,
      { title: 'roof-north.jpg', project: projectUrl(a), file_tags: tagUrl('Site Photo') },
      'roof-north.jpg',
      Buffer.alloc(3000, 1),
    ),
    await upload(
      s,
      {
        title: 'site_model.geojson',
        project: projectUrl(a),
        file_tags: tagUrl('Site Model'),
      },
      'site_model.geojson',
      Buffer.from('{"type":"FeatureCollection","features":[]}'),
    ),
    await upload(
      s,
      {
        title: 'inspection.pdf',
        project: projectUrl(b),
        file_tags: [tagUrl('Inspection Report'), tagUrl('Extra File')],
      },
      'inspection.pdf',
      Buffer.alloc(9000, 2),
    ),
  ]
  return { a: a!, b: b!, files: files.map((f) => f.body) }
}

describe('OpenSolar private files', () => {
  it('creates a file from a multipart upload, in the documented shape', async () => {
    const s = await sandboxes()
    const data = Buffer.from('%PDF-1.4 commissioning certificate')
    const res = await upload(s, { title: 'My Document' }, 'file.pdf', data)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      title: 'My Document',
      project: null,
      filesize: data.length,
      file_hash: md5(data),
      status: 'created',
      show_customer: false,
      temporary: false,
    })
    expect(res.body.url).toBe(url(s, `${F}${res.body.id}/`))
    expect(res.body.file_contents).toMatch(/\?Expires=\d+&Signature=[0-9a-f]+$/)
    const download = await fetch(res.body.file_contents)
    expect(Buffer.from(await download.arrayBuffer()).equals(data)).toBe(true)
  })

  it.each([
    ['a tag by title', { file_tags: 'Site Photo' }, 'file_tags'],
    ['a tag by id', { file_tags: '61' }, 'file_tags'],
    ['an unknown tag', { file_tags: 'https://api.opensolar.com/api/file_tags/9999/' }, 'file_tags'],
    ['a project by id', { project: '1' }, 'project'],
  ])('refuses %s (the documented fields are resource URLs)', async (_name, fields, field) => {
    const s = await sandboxes()
    const res = await upload(s, { title: 'x.jpg', ...fields }, 'x.jpg', Buffer.from('x'))
    expect(res.status).toBe(400)
    expect(res.body[field][0]).toMatch(/^Invalid hyperlink/)
  })

  it('lists the file tags, each as file_tags_data embeds it', async () => {
    const s = await sandboxes()
    const res = await call(`${s.baseUrls.opensolar}/api/file_tags/`, { headers: auth.opensolar })
    expect(res.status).toBe(200)
    expect(res.body.map((t: { title: string }) => t.title)).toEqual(FILE_TAGS.map((t) => t.title))
    expect(Object.keys(res.body[0]).sort()).toEqual(['id', 'title', 'type', 'url'])
  })

  it('refuses a multipart create without a file', async () => {
    const s = await sandboxes()
    const form = new FormData()
    form.append('title', 'empty')
    expect(await call(url(s, F), { method: 'POST', headers: auth.opensolar, body: form })).toMatchObject({
      status: 400,
      body: { file_contents: ['No file was submitted.'] },
    })
  })

  it.each([
    ['project id', (x: { a: number }) => `project=${x.a}`, ['roof-north.jpg', 'site_model.geojson']],
    [
      'project URL',
      (x: { a: number }) => `project=${encodeURIComponent(`/api/orgs/1/projects/${x.a}/`)}`,
      ['roof-north.jpg', 'site_model.geojson'],
    ],
    ['file tag', () => 'file_tags=Site%20Model', ['site_model.geojson']],
    ['any of two tags', () => 'file_tags=Site%20Model,Extra%20File', ['inspection.pdf', 'site_model.geojson']],
    ['excluded tag', () => 'file_tags_exclude=Site%20Photo', ['inspection.pdf', 'site_model.geojson']],
    ['user', () => 'user_id=1', ['inspection.pdf', 'roof-north.jpg', 'site_model.geojson']],
    ['another user', () => 'user_id=2', []],
    ['search', () => 'search=geojson', ['site_model.geojson']],
  ])('filters by %s', async (_name, query, titles) => {
    const s = await sandboxes()
    const seeded = await seedFiles(s)
    const res = await call(url(s, `${F}?${query(seeded)}`), { headers: auth.opensolar })
    expect(res.body.map((f: { title: string }) => f.title).sort()).toEqual(titles)
  })

  it.each([
    ['title', ['inspection.pdf', 'roof-north.jpg', 'site_model.geojson']],
    ['-filesize', ['inspection.pdf', 'roof-north.jpg', 'site_model.geojson']],
    ['filesize', ['site_model.geojson', 'roof-north.jpg', 'inspection.pdf']],
    ['-title', ['site_model.geojson', 'roof-north.jpg', 'inspection.pdf']],
  ])('orders by %s', async (ordering, titles) => {
    const s = await sandboxes()
    await seedFiles(s)
    const res = await call(url(s, `${F}?ordering=${ordering}`), { headers: auth.opensolar })
    expect(res.body.map((f: { title: string }) => f.title)).toEqual(titles)
  })

  it('orders by -modified_date by default', async () => {
    const s = await sandboxes()
    await upload(s, { title: 'older' }, 'a.txt', Buffer.from('a'))
    s.clock.advance(1000)
    await upload(s, { title: 'newer' }, 'b.txt', Buffer.from('b'))
    expect((await call(url(s, F), { headers: auth.opensolar })).body.map((f: { title: string }) => f.title)).toEqual([
      'newer',
      'older',
    ])
  })

  it('retrieves, renames and deletes a file', async () => {
    const s = await sandboxes()
    const { files } = await seedFiles(s)
    const id = files[0].id
    expect((await call(url(s, `${F}${id}/`), { headers: auth.opensolar })).body.title).toBe('roof-north.jpg')
    const renamed = await call(url(s, `${F}${id}/`), {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { title: 'new title' },
    })
    expect(renamed).toMatchObject({ status: 200, body: { title: 'new title', id } })
    expect((await call(url(s, `${F}${id}/`), { method: 'DELETE', headers: auth.opensolar })).status).toBe(204)
    expect((await call(url(s, `${F}${id}/`), { headers: auth.opensolar })).status).toBe(404)
  })

  it('lists a project’s files on the project', async () => {
    const s = await sandboxes()
    const { a, files } = await seedFiles(s)
    const project = await call(url(s, `/api/orgs/1/projects/${a}/`), { headers: auth.opensolar })
    expect(project.body.private_files).toEqual(expect.arrayContaining([files[0].url, files[1].url]))
  })

  it('expires file_contents URLs after one hour', async () => {
    const s = await sandboxes()
    const { files } = await seedFiles(s)
    const link = files[0].file_contents as string
    s.clock.advance(59 * 60_000)
    expect((await fetch(link)).status).toBe(200)
    s.clock.advance(2 * 60_000)
    const expired = await fetch(link)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toContain('Request has expired')
    // A fresh read of the file gives a fresh link.
    const fresh = (await call(url(s, `${F}${files[0].id}/`), { headers: auth.opensolar })).body.file_contents
    expect((await fetch(fresh)).status).toBe(200)
  })

  it('refuses a tampered download link', async () => {
    const s = await sandboxes()
    const { files } = await seedFiles(s)
    // Change the signature's first digit to another one (replacing it with a fixed digit is a no-op 1 time in 16).
    const tampered = (files[0].file_contents as string).replace(
      /Signature=(.)/,
      (_m, d: string) => `Signature=${d === '0' ? '1' : '0'}`,
    )
    expect(tampered).not.toBe(files[0].file_contents)
    expect((await fetch(tampered)).status).toBe(403)
  })
})

describe('OpenSolar chunked upload (upload_id / parts / completed_on)', () => {
  const body = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))

  /** Declares `count` parts of equal size (the last one the rest), as the client does. */
  async function init(s: Sandbox, count = 3, filesize = body.length) {
    const size = Math.ceil(filesize / count)
    const parts = Array.from({ length: count }, (_, i) => ({
      part_number: i + 1,
      size: Math.max(0, Math.min(size, filesize - i * size)),
    }))
    return call(url(s, F), {
      method: 'POST',
      headers: auth.opensolar,
      json: { title: 'drone-survey.tif', project: projectUrl(projectIds(s)[0]), filesize, parts },
    })
  }
  const slice = (n: number, partSize: number) => body.subarray((n - 1) * partSize, n * partSize)

  it('uploads in parts, then completes into one file with the right hash', async () => {
    const s = await sandboxes()
    const started = await init(s)
    expect(started.status).toBe(201)
    expect(started.body).toMatchObject({
      status: 'uploading',
      completed_on: null,
      file_contents: null,
      upload_id: expect.any(String),
    })
    expect(started.body.parts.map((p: { size: number }) => p.size)).toEqual([3334, 3334, 3332])
    // Not listed until complete.
    expect((await call(url(s, F), { headers: auth.opensolar })).body).toEqual([])
    const etags = []
    for (const part of started.body.parts) {
      const res = await fetch(part.upload_url, { method: 'PUT', body: slice(part.part_number, 3334) })
      expect(res.status).toBe(200)
      etags.push({ part_number: part.part_number, etag: ((await res.json()) as { etag: string }).etag })
    }
    const done = await call(url(s, `${F}${started.body.id}/`), {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { upload_id: started.body.upload_id, completed_on: new Date().toISOString(), parts: etags },
    })
    expect(done).toMatchObject({
      status: 200,
      body: { status: 'created', filesize: body.length, file_hash: md5(body), completed_on: expect.any(String) },
    })
    expect(Buffer.from(await (await fetch(done.body.file_contents)).arrayBuffer()).equals(body)).toBe(true)
    // Completing again is harmless (a retried request after a lost response).
    const again = await call(url(s, `${F}${started.body.id}/`), {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { upload_id: started.body.upload_id, completed_on: new Date().toISOString() },
    })
    expect(again.status).toBe(200)
  })

  it('lets a part be sent again, replacing it', async () => {
    const s = await sandboxes()
    const started = (await init(s, 1)).body
    const part = started.parts[0]
    await fetch(part.upload_url, { method: 'PUT', body: Buffer.alloc(body.length, 9) })
    await fetch(part.upload_url, { method: 'PUT', body })
    const done = await call(url(s, `${F}${started.id}/`), {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { upload_id: started.upload_id, completed_on: new Date().toISOString() },
    })
    expect(done.body.file_hash).toBe(md5(body))
  })

  it('refuses to complete while a part is missing', async () => {
    const s = await sandboxes()
    const started = (await init(s)).body
    await fetch(started.parts[0].upload_url, { method: 'PUT', body: slice(1, 3334) })
    const res = await call(url(s, `${F}${started.id}/`), {
      method: 'PATCH',
      headers: auth.opensolar,
      json: { upload_id: started.upload_id, completed_on: new Date().toISOString() },
    })
    expect(res).toMatchObject({ status: 400, body: { parts: ['Part 2 of 3 has not been uploaded.'] } })
  })

  it.each([
    [
      'a part of the wrong size',
      async (s: Sandbox, started: { parts: { upload_url: string }[] }) =>
        fetch(started.parts[0]!.upload_url, { method: 'PUT', body: Buffer.alloc(10) }),
      400,
    ],
    [
      'an expired part URL',
      async (s: Sandbox, started: { parts: { upload_url: string }[] }) => (
        s.clock.advance(61 * 60_000),
        fetch(started.parts[0]!.upload_url, { method: 'PUT', body: slice(1, 3334) })
      ),
      403,
    ],
  ])('refuses %s', async (_name, act, status) => {
    const s = await sandboxes()
    const started = (await init(s)).body
    expect((await act(s, started)).status).toBe(status)
  })

  it('refuses a mismatched etag or an unknown upload_id', async () => {
    const s = await sandboxes()
    const started = (await init(s, 1)).body
    await fetch(started.parts[0].upload_url, { method: 'PUT', body })
    const patch = (json: unknown) =>
      call(url(s, `${F}${started.id}/`), { method: 'PATCH', headers: auth.opensolar, json })
    expect(
      (
        await patch({
          upload_id: started.upload_id,
          completed_on: new Date().toISOString(),
          parts: [{ part_number: 1, etag: 'nope' }],
        })
      ).status,
    ).toBe(400)
    expect((await patch({ upload_id: 'other', completed_on: new Date().toISOString() })).body).toEqual({
      upload_id: ['Unknown upload_id for this file.'],
    })
  })

  it('refuses more parts than bytes', async () => {
    const s = await sandboxes()
    expect((await init(s, 5, 3)).status).toBe(400)
  })

  it('refuses parts that do not add up to the file size, or skip a number', async () => {
    const s = await sandboxes()
    const post = (parts: unknown) =>
      call(url(s, F), { method: 'POST', headers: auth.opensolar, json: { title: 'x', filesize: 10, parts } })
    expect((await post([{ part_number: 1, size: 9 }])).status).toBe(400)
    expect(
      (
        await post([
          { part_number: 1, size: 5 },
          { part_number: 3, size: 5 },
        ])
      ).status,
    ).toBe(400)
    expect((await post(2)).status).toBe(400)
  })
})
