// Attachments through the outbox against the OpenSolar simulator: upload (whole and in parts), lost
// answers, resumed parts, coalesced rename + tag, remove before sending, files waiting for their
// project's create, vendors that take no files, and the vendor's files pulled onto projects.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AttachmentStore } from '../../../src-main/attachments/attachment-store'
import { Attachments, MAX_STAGING, safeFileName } from '../../../src-main/attachments/attachments'
import { fileEntity } from '../../../src-main/sync/outbox/outbox'
import { OutboxActions } from '../../../src-main/sync/outbox/outbox-actions'
import { UploadProgress } from '../../../src-main/sync/upload-progress'
import { useSyncSetup } from '../../helpers/sync-setup'
import { useTempDirs } from '../../helpers/temp-dir'

const { setup: syncSetup } = useSyncSetup()
const tempDir = useTempDirs()

async function setup(vendor: 'opensolar' | 'easypv' = 'opensolar') {
  // Small parts, so a 40 kB file goes up in five of them. The store and upload progress are made first:
  // the push engine is built with them.
  const dir = tempDir()
  const store = new AttachmentStore(path.join(dir, 'attachments'))
  await store.open()
  const progress: number[] = []
  const uploads: UploadProgress = new UploadProgress(() => progress.push(uploads.of(vendor).sentBytes))
  const { s, db, accountId, client, pull, push, outbox, now } = await syncSetup(vendor, 6, {
    files: { chunkThresholdBytes: 32 * 1024, partSizeBytes: 8 * 1024 },
    push: { store, uploads },
  })
  const opened: string[] = []
  const attachments = new Attachments(db, store, outbox, uploads, now, {
    download: (_account, remoteId, destination) => client.attachments!.download(remoteId, destination),
    openExternally: (file) => {
      opened.push(file)
      return Promise.resolve('')
    },
    tempDir: dir,
  })
  const projects = await db.selectFrom('projects').selectAll().orderBy('seq').execute()
  /** Adds a file as the window does: begin, pieces, finish. */
  const attach = async (projectId: string, title: string, bytes: Buffer, piece = 10_000) => {
    const { uploadId } = await attachments.begin({ projectId, title, size: bytes.length, mime: 'image/jpeg' })
    for (let offset = 0; offset < bytes.length; offset += piece)
      await attachments.write({ uploadId, offset, bytes: bytes.subarray(offset, offset + piece) })
    return attachments.finish(uploadId)
  }
  const remoteFiles = () => [...s.state.opensolar.files.values()]
  const ops = () => db.selectFrom('outbox').selectAll().orderBy('id').execute()
  return {
    opened,
    s,
    db,
    accountId,
    client,
    store,
    outbox,
    attachments,
    pull,
    push,
    projects,
    attach,
    remoteFiles,
    ops,
    progress,
  }
}

const photo = (n: number, size = 20_000) => Buffer.alloc(size, n)
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')
const later = (s: { clock: { advance(ms: number): void } }) => s.clock.advance(2 * 3_600_000)

describe('attachments sync (OpenSolar private files)', () => {
  it('uploads a dropped file to its project, reporting bytes as they go', async () => {
    const { s, push, accountId, projects, attach, remoteFiles, attachments, progress, store } = await setup()
    const project = projects[0]!
    const bytes = photo(1)
    const added = await attach(project.id, 'Roof north.jpg', bytes)
    expect(added).toMatchObject({ state: 'waiting', size: bytes.length, title: 'Roof north.jpg' })
    expect(await push.pushAccount(accountId)).toMatchObject({ sent: 1 })
    const [remote] = remoteFiles().filter((f) => f.title === 'Roof north.jpg')
    expect(remote).toMatchObject({ projectId: Number(project.remote_id), file_hash: md5(bytes) })
    expect(remote!.data!.equals(bytes)).toBe(true)
    expect((await attachments.list(project.id)).items[0]).toMatchObject({ state: 'uploaded', progress: null })
    expect(progress.at(-2)).toBe(bytes.length) // the last report before the upload ended
    expect(s.log.all({ method: 'POST' })).toHaveLength(1)
    const sha = createHash('sha256').update(bytes).digest('hex')
    expect(await store.has(sha)).toBe(true)
  })

  it('never uploads twice when the answer is lost: it finds the file by its hash', async () => {
    const { s, push, accountId, projects, attach, remoteFiles, ops } = await setup()
    s.faults.add({ vendor: 'opensolar', method: 'POST', drop: 'before-response', afterHandler: true, times: 1 })
    await attach(projects[0]!.id, 'Meter.jpg', photo(2))
    expect(await push.pushAccount(accountId)).toMatchObject({ deferred: 1 })
    expect((await ops())[0]).toMatchObject({ op: 'upload', state: 'sending' })
    later(s)
    expect(await push.pushAccount(accountId)).toMatchObject({ sent: 1 })
    expect(remoteFiles().filter((f) => f.title === 'Meter.jpg')).toHaveLength(1)
    expect(s.log.all({ method: 'POST' })).toHaveLength(1)
  })

  it('finds an upload whose answer was lost even when the file was renamed here since, and renames it', async () => {
    const { s, push, accountId, projects, attach, attachments, remoteFiles } = await setup()
    s.faults.add({ vendor: 'opensolar', method: 'POST', drop: 'before-response', afterHandler: true, times: 1 })
    const file = await attach(projects[0]!.id, 'IMG_0042.jpg', photo(15))
    await push.pushAccount(accountId)
    await attachments.rename(file.id, 'Inverter nameplate.jpg')
    later(s)
    await push.pushAccount(accountId)
    expect(remoteFiles().map((f) => f.title)).toEqual(['Inverter nameplate.jpg'])
    expect(s.log.all({ method: 'POST' })).toHaveLength(1)
  })

  it('resumes a part upload where it stopped, sending only the missing parts', async () => {
    const { s, push, accountId, projects, attach, remoteFiles } = await setup()
    const bytes = Buffer.concat([photo(3, 20_000), photo(4, 20_000)]) // 5 parts of 8 kB
    await attach(projects[1]!.id, 'Single line diagram.pdf', bytes)
    s.faults.add({ vendor: 'opensolar', method: 'PUT', status: 503, times: 10, path: '/uploads/[^/]+/3[?]' })
    expect(await push.pushAccount(accountId)).toMatchObject({ deferred: 1 })
    s.faults.clear()
    s.log.clear()
    later(s)
    expect(await push.pushAccount(accountId)).toMatchObject({ sent: 1 })
    const puts = s.log.all({ method: 'PUT' }).map((r) => r.path.split('?')[0]!.split('/').at(-1))
    expect(puts).toEqual(['3', '4', '5'])
    const [remote] = remoteFiles().filter((f) => f.title === 'Single line diagram.pdf')
    expect(remote!.file_hash).toBe(md5(bytes))
    expect(s.log.all({ method: 'POST' })).toHaveLength(0)
  })

  it('sends a rename and a retag made offline as one change', async () => {
    const { s, push, accountId, projects, attach, remoteFiles, attachments, ops } = await setup()
    const file = await attach(projects[0]!.id, 'IMG_0001.jpg', photo(5))
    await push.pushAccount(accountId)
    await attachments.rename(file.id, 'Inverter label.jpg')
    await attachments.setTags(file.id, ['Site Photo'])
    expect((await ops()).filter((o) => o.state !== 'sent')).toHaveLength(1)
    s.log.clear()
    expect(await push.pushAccount(accountId)).toMatchObject({ sent: 1 })
    const [remote] = remoteFiles()
    expect(remote).toMatchObject({ title: 'Inverter label.jpg', fileTagIds: [61] })
  })

  it('sends nothing for a file added and removed before it went; removes an uploaded one at the vendor', async () => {
    const { s, db, push, accountId, projects, attach, remoteFiles, attachments } = await setup()
    const never = await attach(projects[0]!.id, 'Wrong photo.jpg', photo(6))
    await attachments.remove(never.id)
    expect(await db.selectFrom('outbox').selectAll().where('entity_key', '=', fileEntity(never.id)).execute()).toEqual(
      [],
    )
    const kept = await attach(projects[0]!.id, 'Keep.jpg', photo(7))
    await push.pushAccount(accountId)
    expect(remoteFiles()).toHaveLength(1)
    await attachments.remove(kept.id)
    await push.pushAccount(accountId)
    expect(remoteFiles()).toHaveLength(0)
    expect(s.log.all({ method: 'POST' })).toHaveLength(1)
    expect((await attachments.list(projects[0]!.id)).items).toEqual([])
  })

  it('holds a file on a project created offline until the project exists at the vendor, then sends both', async () => {
    const { push, accountId, outbox, attach, remoteFiles, db } = await setup()
    const { id } = await outbox.createProject(accountId, { address: '9 New Build Rd', locality: 'Penrith' })
    await attach(id, 'Switchboard.jpg', photo(8))
    expect(await push.pushAccount(accountId)).toMatchObject({ sent: 2 })
    const row = await db.selectFrom('projects').select('remote_id').where('id', '=', id).executeTakeFirstOrThrow()
    expect(remoteFiles()[0]).toMatchObject({ title: 'Switchboard.jpg', projectId: Number(row.remote_id) })
  })

  it('parks an upload the vendor refuses, shows why, and lets the technician give it up or bring a removal back', async () => {
    const { s, db, push, accountId, projects, attach, attachments, ops } = await setup()
    s.faults.add({ vendor: 'opensolar', method: 'POST', status: 403, times: 1 })
    await attach(projects[0]!.id, 'Refused.jpg', photo(11))
    expect(await push.pushAccount(accountId)).toMatchObject({ parked: 1 })
    const [listed] = (await attachments.list(projects[0]!.id)).items
    expect(listed).toMatchObject({ state: 'failed', error: expect.stringMatching(/\S/) })
    const actions = new OutboxActions(db)
    const [entry] = await actions.list(projects[0]!.id)
    expect(entry).toMatchObject({ op: 'upload', fileTitle: 'Refused.jpg', state: 'parked' })
    await actions.discard(entry!.id)
    expect((await attachments.list(projects[0]!.id)).items).toEqual([])

    const kept = await attach(projects[0]!.id, 'Kept.jpg', photo(12))
    await push.pushAccount(accountId)
    await attachments.remove(kept.id)
    const [removal] = (await ops()).filter((o) => o.op === 'file_delete')
    await actions.discard(removal!.id)
    expect((await attachments.list(projects[0]!.id)).items).toMatchObject([{ title: 'Kept.jpg', state: 'uploaded' }])
  })

  it('sends nothing of a file whose project is deleted here, even one caught mid-upload, and deletes the project', async () => {
    const { s, db, push, accountId, projects, attach, outbox, remoteFiles, ops } = await setup()
    const [p1, p2] = projects
    // One file queued, then its project deleted: the file's upload is dropped with it.
    await attach(p1!.id, 'Queued.jpg', photo(13))
    await outbox.deleteProject(p1!.id)
    expect((await ops()).map((o) => o.op)).toEqual(['delete'])
    // Another caught mid-upload (in doubt), then its project deleted: the delete waits for it to settle.
    s.faults.add({ vendor: 'opensolar', method: 'POST', status: 503, times: 2 })
    await attach(p2!.id, 'In doubt.jpg', photo(14))
    await push.pushAccount(accountId)
    expect((await ops()).find((o) => o.op === 'upload')).toMatchObject({ state: 'sending' })
    await outbox.deleteProject(p2!.id)
    later(s)
    expect(await push.pushAccount(accountId)).toMatchObject({ parked: 0, conflicts: 0 })
    expect((await ops()).every((o) => o.state === 'sent')).toBe(true)
    expect(s.state.opensolar.projects.has(Number(p1!.remote_id))).toBe(false)
    expect(s.state.opensolar.projects.has(Number(p2!.remote_id))).toBe(false)
    expect(remoteFiles()).toEqual([])
    expect(await db.selectFrom('projects').select('id').where('id', 'in', [p1!.id, p2!.id]).execute()).toEqual([])
  })

  it('refuses the same bytes twice on a project, a piece out of order, and a file cut short', async () => {
    const { projects, attach, attachments } = await setup()
    await attach(projects[0]!.id, 'a.jpg', photo(9))
    await expect(attach(projects[0]!.id, 'b.jpg', photo(9))).rejects.toThrow(/already attached, as "a.jpg"/)
    const { uploadId } = await attachments.begin({ projectId: projects[0]!.id, title: 'c.jpg', size: 10, mime: 'x' })
    await expect(attachments.write({ uploadId, offset: 5, bytes: Buffer.alloc(3) })).rejects.toThrow(/went missing/)
    await attachments.write({ uploadId, offset: 0, bytes: Buffer.alloc(4) })
    await expect(attachments.finish(uploadId)).rejects.toThrow(/cut short \(4 of 10 bytes\)/)
  })

  it('refuses a second piece for the same offset, even when both arrive at once', async () => {
    const { projects, attachments } = await setup()
    const { uploadId } = await attachments.begin({
      projectId: projects[0]!.id,
      title: 'twice.jpg',
      size: 8,
      mime: 'image/jpeg',
    })
    const first = Buffer.from('ABCD')
    const other = Buffer.from('WXYZ')
    const results = await Promise.allSettled([
      attachments.write({ uploadId, offset: 0, bytes: first }),
      attachments.write({ uploadId, offset: 0, bytes: other }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/came twice \(expected byte 4, got 0\)/)
    await attachments.write({ uploadId, offset: 4, bytes: Buffer.from('EFGH') })
    expect(await attachments.finish(uploadId)).toMatchObject({ size: 8, title: 'twice.jpg' })
  })

  it('takes a few files at a time, and lets a cancelled one go', async () => {
    const { projects, attachments } = await setup()
    const begin = () => attachments.begin({ projectId: projects[0]!.id, title: 'x.jpg', size: 1, mime: 'image/jpeg' })
    const started = await Promise.all(Array.from({ length: MAX_STAGING }, begin))
    await expect(begin()).rejects.toThrow(/Already adding 8 files/)
    await attachments.cancel(started[0]!.uploadId)
    await expect(begin()).resolves.toMatchObject({ uploadId: expect.any(String) })
    await expect(
      attachments.write({ uploadId: started[0]!.uploadId, offset: 0, bytes: Buffer.alloc(1) }),
    ).rejects.toThrow(/no longer under way/)
  })

  it('pulls the vendor’s files onto their projects', async () => {
    const { s, client, pull, accountId, projects, attachments, store, opened } = await setup()
    const file = path.join(store.pathOf('0'.repeat(64)), '..', 'x.pdf')
    await import('node:fs').then((fs) => {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, 'office copy')
    })
    await client.attachments!.upload({
      remoteProjectId: projects[2]!.remote_id!,
      localPath: file,
      title: 'Proposal.pdf',
      tags: ['Extra File'],
    })
    await pull.pullAccount(accountId)
    const [listed] = (await attachments.list(projects[2]!.id)).items
    expect(listed).toMatchObject({ title: 'Proposal.pdf', tags: ['Extra File'], state: 'remote', local: false })
    await expect(attachments.read(listed!.id, 0, 100)).rejects.toThrow(/download it first/)
    // On demand, with signal: the vendor's copy comes into the store (a link past its hour is asked for again).
    s.clock.advance(2 * 3_600_000)
    expect(await attachments.fetch(listed!.id)).toMatchObject({ local: true, size: 11 })
    expect(Buffer.from((await attachments.read(listed!.id, 7, 100)).base64, 'base64').toString()).toBe('copy')
    // Opened with the computer's viewer: a copy under its own name, in a folder of its own.
    expect(await attachments.open(listed!.id)).toEqual({ opened: true })
    expect(path.basename(opened[0]!)).toBe('Proposal.pdf')
    expect(fs.readFileSync(opened[0]!, 'utf8')).toBe('office copy')
  })

  it.each([
    ['a path in the title', '../../etc/passwd', 'application/pdf', '_.._etc_passwd.pdf'],
    ['no extension', 'Site survey', 'application/pdf', 'Site survey.pdf'],
    ['its own extension', 'roof.JPG', 'image/jpeg', 'roof.JPG'],
    ['a leading dot', '.hidden', 'text/plain', 'hidden'],
  ])('names the copy it opens safely: %s', (_name, title, mime, expected) => {
    expect(safeFileName(title, mime)).toBe(expected)
  })
})

describe('attachments of a vendor that takes no files (Easy PV)', () => {
  it('keeps them on this computer, marked so, and queues nothing', async () => {
    const { projects, attach, attachments, ops } = await setup('easypv')
    const file = await attach(projects[0]!.id, 'Loft.jpg', photo(10))
    expect(file.state).toBe('local')
    expect(await ops()).toEqual([])
    expect(await attachments.list(projects[0]!.id)).toMatchObject({ uploads: false, tagOptions: [] })
    await attachments.rename(file.id, 'Loft hatch.jpg')
    expect(await ops()).toEqual([])
  })
})
