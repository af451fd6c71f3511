// npm run chaos -- --trials N --ops M [--seed S]
// Exactly-once under crashes: for each trial, queue M random offline changes, then run
// the real sync engine in child processes that are SIGKILLed at random instants (the simulators also lose
// answers and fail requests at random), restarting until the queue drains. Then compare what the vendors
// hold with what was intended. Prints `chaos: trials=N ops=M lost=X duplicated=Y wrong=Z`; exits 1 unless
// all three are 0.
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { bundleForNode } from '../tools/bundle-for-node'
import type { Kysely } from 'kysely'
import { migrations } from '../../migrations/index'
import { AttachmentStore } from '../../src-main/attachments/attachment-store'
import { Attachments } from '../../src-main/attachments/attachments'
import { ATTACHMENTS_FOLDER } from '../../src-main/composition'
import type { Database } from '../../src-main/db/schema'
import { openDatabase } from '../../src-main/db/open-database'
import { prng } from '../../src-main/demo/demo-geography'
import { demoSecrets } from '../../src-main/demo/seed-demo-data'
import { CAPABILITIES } from '../../src-main/providers/capabilities'
import { createProvider, MemorySecrets } from '../../src-main/providers/create-provider'
import { SecretRedactor } from '../../src-main/secrets/secret-redactor'
import { MemoryBudgetStore } from '../../src-main/providers/http/limits'
import type { Provider, RemoteProject } from '../../src-main/providers/provider'
import { flatFieldsOf, onlyFields } from '../../src-main/sync/fields'
import { Outbox } from '../../src-main/sync/outbox/outbox'
import { fieldsOfRow } from '../../src-main/sync/outbox/project-columns'
import { UploadProgress } from '../../src-main/sync/upload-progress'
import { FILE_TAGS } from '../../src-main/demo/simulators/opensolar/state'
import { type Sandbox, startSandbox } from '../../src-main/demo/simulators/sandbox'

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5' },
    ops: { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'max-lives': { type: 'string', default: '1000' },
    // A life is killed at a uniformly random instant this long after it is ready (or drains first).
    'kill-within-ms': { type: 'string', default: '500' },
    // This share of the changes is made between lives, while the queue is being delivered (edits during sync).
    'late-share': { type: 'string', default: '0.2' },
    verbose: { type: 'boolean', default: false },
  },
})
const trials = Number(values.trials)
const opsPerTrial = Number(values.ops)
const seed = Number(values.seed)
const root = path.resolve(import.meta.dirname, '../..')
// One per run: a second run (npm test's short one, say) must not rewrite the bundle under this one.
const WORKER_BUNDLE = path.join(root, `out/chaos/worker-${process.pid}.mjs`)
const VENDORS = ['opensolar', 'easypv', 'aurora'] as const
type ProjectVendor = (typeof VENDORS)[number]

interface Intent {
  vendor: ProjectVendor
  clientRef: string
  remoteId: string | null
  /** Absent at the vendor when the queue has drained. */
  gone: boolean
  fields: Record<string, unknown>
}

const totals = { lost: 0, duplicated: 0, wrong: 0, lives: 0, kills: 0 }
const say = (text: string) => values.verbose && console.log(text)

let sandbox: Sandbox

async function runTrial(trial: number): Promise<void> {
  const random = prng(seed + trial * 7919)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-chaos-'))
  try {
    // The demo accounts and cache, matched to the simulators' projects.
    await life(dataDir, null, ['--pull-first'])
    const changes: TrialChanges = {
      random,
      created: [],
      vanished: [],
      vanishedFiles: [],
      touched: new Set(),
      touchedFiles: new Set(),
    }
    let late = Math.round(opsPerTrial * Number(values['late-share']))
    await applyChanges(dataDir, changes, opsPerTrial - late, false)
    const early = await readIntents(dataDir)
    let final = early

    // Background noise at the vendors: slow answers, lost answers (after the write), 503s.
    sandbox.faults.add({ latencyMs: 3, probability: 0.5 })
    sandbox.faults.add({ method: 'POST', afterHandler: true, drop: 'before-response', probability: 0.08 })
    sandbox.faults.add({ method: 'PATCH', afterHandler: true, drop: 'before-response', probability: 0.08 })
    sandbox.faults.add({ method: 'PUT', afterHandler: true, drop: 'before-response', probability: 0.08 })
    sandbox.faults.add({ status: 503, probability: 0.05 })
    let drained = false
    for (let i = 0; i < Number(values['max-lives']) && (!drained || late > 0); i++) {
      drained = await life(dataDir, Math.floor(random() * Number(values['kill-within-ms'])))
      // A killed process must never leave the database unopenable.
      try {
        await (await openDatabase(path.join(dataDir, 'solar-field.db'), { migrations })).close()
      } catch (error) {
        console.error(`trial ${trial}: database unopenable after a kill: ${(error as Error).message}`)
        totals.wrong++
        return
      }
      if (late > 0) {
        // The technician carries on editing while sync runs: a few more changes between lives.
        const n = Math.min(late, 1 + Math.floor(random() * 8))
        await applyChanges(dataDir, changes, n, true)
        late -= n
        drained = false
        if (late === 0) final = await readIntents(dataDir)
      }
    }
    sandbox.faults.clear()
    if (!drained) drained = await life(dataDir, null)
    if (!drained) totals.wrong++
    // What was intended: for what a late change touched, the state after the last change; for the rest,
    // the state before any sync ran (so a sync that wrongly rewrote the cache cannot hide behind it).
    const intents = [
      ...early.intents.filter((i) => !changes.touched.has(i.clientRef)),
      ...final.intents.filter((i) => changes.touched.has(i.clientRef)),
    ]
    const lateFile = (f: FileIntent) => changes.touchedFiles.has(f.md5) || changes.touched.has(f.projectClientRef)
    const fileIntents = [
      ...early.fileIntents.filter((f) => !lateFile(f)),
      ...final.fileIntents.filter((f) => lateFile(f)),
    ]
    say(
      `trial ${trial}: ${intents.length} projects and ${fileIntents.length} files intended, ${changes.vanished.length} created-then-deleted, ${changes.touched.size} projects changed during sync`,
    )
    await compare(trial, dataDir, intents, changes.vanished)
    await compareFiles(trial, intents, fileIntents, changes.vanishedFiles)
  } finally {
    sandbox.faults.clear()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Runs the worker; with `killAfterMs`, SIGKILLs it that long after it is ready. True if it drained the queue. */
function life(dataDir: string, killAfterMs: number | null, extraArgs: string[] = []): Promise<boolean> {
  totals.lives++
  return new Promise((resolve) => {
    // One process, so SIGKILL kills the worker itself (the tsx CLI would run it in a child that outlives the kill).
    const child: ChildProcess = spawn(
      process.execPath,
      [WORKER_BUNDLE, '--data-dir', dataDir, '--sandbox', sandbox.origin, ...extraArgs],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let output = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (killAfterMs !== null && !timer && output.includes('ready')) {
        timer = setTimeout(() => {
          totals.kills++
          child.kill('SIGKILL')
        }, killAfterMs)
      }
    })
    child.on('exit', (code) => {
      if (process.env['CHAOS_TRACE']) console.log(`life ${totals.lives}:\n${output}`)
      clearTimeout(timer)
      resolve(code === 0 && output.includes('"done":true'))
    })
  })
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const word = (random: () => number) =>
  pick(random, [
    'checked',
    'isolator',
    'meter',
    'roof',
    'gate',
    'panel',
    'string',
    'fuse',
    'dog',
    'ladder',
    'inverter',
    'shade',
  ])
const sentence = (random: () => number) =>
  Array.from({ length: 3 + Math.floor(random() * 5) }, () => word(random)).join(' ')

/** What a trial's changes left to check, and (for late changes) what they touched. */
interface TrialChanges {
  random: () => number
  /** Projects created here (local ids). */
  created: string[]
  /** Created and deleted before ever being sent: must not exist at the vendor. */
  vanished: { vendor: ProjectVendor; clientRef: string }[]
  /** md5s of files removed here: must not exist at the vendor. */
  vanishedFiles: string[]
  /** Client refs of projects, and md5s of files, changed while sync was running. */
  touched: Set<string>
  touchedFiles: Set<string>
}

/** `count` random changes through the outbox, as the app makes them (no worker runs meanwhile). */
async function applyChanges(dataDir: string, changes: TrialChanges, count: number, late: boolean) {
  const { random, created, vanished } = changes
  const opened = await openDatabase(path.join(dataDir, 'solar-field.db'), { migrations })
  const outbox = new Outbox(opened.db)
  const store = new AttachmentStore(path.join(dataDir, ATTACHMENTS_FOLDER))
  await store.open()
  const attachments = new Attachments(opened.db, store, outbox, new UploadProgress())
  const touch = async (projectId: string) => {
    if (!late) return
    const row = await opened.db
      .selectFrom('projects')
      .select('client_ref')
      .where('id', '=', projectId)
      .executeTakeFirst()
    if (row) changes.touched.add(row.client_ref)
  }
  for (let i = 0; i < count; i++) {
    const vendor = pick(random, VENDORS)
    const roll = random()
    if (vendor === 'opensolar' && roll >= 0.9) {
      const md5 = await fileChange(opened.db, attachments, changes)
      if (late) changes.touchedFiles.add(md5)
      continue
    }
    const candidates = await opened.db
      .selectFrom('projects')
      .select(['id', 'client_ref'])
      .where('provider', '=', vendor)
      .where('deleted', '=', 0)
      .execute()
    const target = pick(random, candidates)
    const ours = created.filter((id) => candidates.some((c) => c.id === id))
    if (roll < 0.12) {
      const n = Math.floor(random() * 999)
      const fields =
        vendor === 'aurora'
          ? {
              title: `${n} Chaos Ave`,
              address: `${n} Chaos Ave`,
              locality: 'Austin',
              region: 'TX',
              postcode: '78704',
              customerName: 'Cha Os',
            }
          : vendor === 'easypv'
            ? { title: `${n} Chaos Road`, address: `${n} Chaos Road`, postcode: 'CB1 3QD', stage: 'Lead' }
            : { title: `${n} Chaos St`, address: `${n} Chaos St`, locality: 'Penrith', notes: sentence(random) }
      const { id } = await outbox.createProject(`demo-${vendor}`, fields)
      created.push(id)
      await touch(id)
    } else if (roll < 0.2 && CAPABILITIES[vendor].delete) {
      const victim = ours.length && random() < 0.5 ? pick(random, ours) : target.id
      const row = await opened.db
        .selectFrom('projects')
        .select(['client_ref', 'remote_id'])
        .where('id', '=', victim)
        .executeTakeFirstOrThrow()
      if (late) changes.touched.add(row.client_ref)
      const { undoId } = await outbox.deleteProject(victim)
      if (undoId === null) vanished.push({ vendor, clientRef: row.client_ref })
    } else {
      const id = ours.length && random() < 0.3 ? pick(random, ours) : target.id
      const edit =
        vendor === 'opensolar'
          ? pick(random, [
              { notes: sentence(random) },
              { siteNotes: sentence(random) },
              { serials: { inverters: `INV${Math.floor(random() * 1e8)}` } },
              { stage: pick(random, ['Lead', 'Qualified', 'Sold', 'Installing', 'Installed', 'Closed']) },
            ])
          : vendor === 'easypv'
            ? pick(random, [
                { stage: pick(random, CAPABILITIES.easypv.stages!) },
                { customerName: `${word(random)} ${word(random)}` },
              ])
            : pick(random, [
                { stage: pick(random, CAPABILITIES.aurora.stages!) },
                { customerName: `${word(random)} ${word(random)}` },
                { customerEmail: `${word(random)}@example.com` },
              ])
      await outbox.editProject(id, edit)
      await touch(id)
    }
  }
  await opened.close()
}

/** What the cache says the vendors should hold, now. */
async function readIntents(dataDir: string): Promise<{ intents: Intent[]; fileIntents: FileIntent[] }> {
  const opened = await openDatabase(path.join(dataDir, 'solar-field.db'), { migrations })
  const rows = await opened.db.selectFrom('projects').selectAll().where('provider', 'in', VENDORS).execute()
  const intents: Intent[] = rows.map((row) => {
    const { fields, unreported } = CAPABILITIES[row.provider]
    return {
      vendor: row.provider as ProjectVendor,
      clientRef: row.client_ref,
      remoteId: row.remote_id,
      gone: row.deleted === 1,
      fields: Object.fromEntries(
        Object.entries(
          onlyFields(
            fieldsOfRow(row),
            fields.filter((f) => !unreported.includes(f)),
          ),
        )
          // For a project created here, the intent is what the technician set; the vendor may fill the rest.
          .filter(([, value]) => row.remote_id !== null || (value !== null && value !== '')),
      ),
    }
  })
  const files = await opened.db
    .selectFrom('files')
    .innerJoin('projects', 'projects.id', 'files.project_id')
    .select(['files.md5', 'files.title', 'files.tags_json', 'projects.client_ref'])
    .where('files.deleted', '=', 0)
    .where('files.md5', 'is not', null)
    .where('projects.deleted', '=', 0)
    .execute()
  const fileIntents: FileIntent[] = files.map((f) => ({
    projectClientRef: f.client_ref,
    md5: f.md5!,
    title: f.title,
    tags: JSON.parse(f.tags_json) as string[],
  }))
  await opened.close()
  return { intents, fileIntents }
}

interface FileIntent {
  projectClientRef: string
  md5: string
  title: string
  tags: string[]
}

/** Attach a photo to an OpenSolar project, or rename, retag or remove one attached earlier. Returns the file's md5. */
async function fileChange(db: Kysely<Database>, attachments: Attachments, changes: TrialChanges): Promise<string> {
  const { random, created } = changes
  const existing = await db
    .selectFrom('files')
    .innerJoin('projects', 'projects.id', 'files.project_id')
    .select(['files.id', 'files.md5'])
    .where('files.deleted', '=', 0)
    .where('files.md5', 'is not', null)
    .where('projects.deleted', '=', 0)
    .orderBy('files.id')
    .execute()
  const roll = random()
  if (!existing.length || roll < 0.5) {
    const projects = await db
      .selectFrom('projects')
      .select('id')
      .where('provider', '=', 'opensolar')
      .where('deleted', '=', 0)
      .execute()
    const ours = created.filter((id) => projects.some((p) => p.id === id))
    const projectId = ours.length && random() < 0.3 ? pick(random, ours) : pick(random, projects).id
    const bytes = Buffer.from(
      Array.from({ length: 200 + Math.floor(random() * 20_000) }, () => Math.floor(random() * 256)),
    )
    const { uploadId } = await attachments.begin({
      projectId,
      title: `IMG_${Math.floor(random() * 10_000)}.jpg`,
      size: bytes.length,
      mime: 'image/jpeg',
    })
    await attachments.write({ uploadId, offset: 0, bytes })
    await attachments.finish(uploadId)
    return createHash('md5').update(bytes).digest('hex')
  }
  const victim = pick(random, existing)
  if (roll < 0.7) await attachments.rename(victim.id, `${word(random)} ${word(random)}.jpg`)
  else if (roll < 0.9)
    await attachments.setTags(
      victim.id,
      FILE_TAGS.map((t) => t.title).filter(() => random() < 0.3),
    )
  else {
    await attachments.remove(victim.id)
    // Removed here, so absent at the vendor once the queue drains (whether or not it had gone up).
    changes.vanishedFiles.push(victim.md5!)
  }
  return victim.md5!
}

/** Each intended file exactly once on its project, with its name and tags; removed ones nowhere. */
async function compareFiles(
  trial: number,
  intents: Intent[],
  fileIntents: FileIntent[],
  vanishedFiles: string[],
): Promise<void> {
  const report = (kind: 'lost' | 'duplicated' | 'wrong', detail: string) => {
    totals[kind]++
    console.error(`trial ${trial}: ${kind}: ${detail}`)
  }
  const remote = await provider('opensolar').attachments!.listAll()
  const projectRemoteId = new Map((await remoteProjects()).get('opensolar')!.map((p) => [p.clientRef, p.remoteId]))
  const intentRemoteId = new Map(intents.map((i) => [i.clientRef, i.remoteId]))
  for (const file of fileIntents) {
    const projectId = intentRemoteId.get(file.projectClientRef) ?? projectRemoteId.get(file.projectClientRef)
    const matches = remote.filter((f) => f.md5 === file.md5 && f.remoteProjectId === projectId)
    if (matches.length === 0) report('lost', `file ${file.title} (${file.md5}) is missing from project ${projectId}`)
    else if (matches.length > 1)
      report('duplicated', `file ${file.title} (${file.md5}) is there ${matches.length} times`)
    else if (matches[0]!.title !== file.title || [...matches[0]!.tags].sort().join() !== [...file.tags].sort().join())
      report(
        'wrong',
        `file ${file.md5}: vendor has "${matches[0]!.title}" [${matches[0]!.tags.join()}], intended "${file.title}" [${file.tags.join()}]`,
      )
  }
  for (const md5 of vanishedFiles)
    if (remote.some((f) => f.md5 === md5))
      report('duplicated', `file ${md5} was uploaded although removed before it went`)
}

/** What the vendors hold now, read through the same clients the app uses. */
async function remoteProjects(): Promise<Map<ProjectVendor, RemoteProject[]>> {
  const out = new Map<ProjectVendor, RemoteProject[]>()
  for (const vendor of VENDORS) {
    const list: RemoteProject[] = []
    for await (const project of provider(vendor).listProjects()) list.push(project)
    out.set(vendor, list)
  }
  return out
}

/** A client of the demo account of `vendor`, as the app builds it. */
function provider(vendor: ProjectVendor): Provider {
  const settings = {
    opensolar: { orgId: 1 },
    easypv: { userEmail: 'tech@example.com' },
    aurora: { tenantId: 'demo-tenant', version: '2024.05', sendVersionHeader: true },
  }
  return createProvider(
    {
      id: `demo-${vendor}`,
      provider: vendor,
      base_url: sandbox.baseUrls[vendor],
      settings_json: JSON.stringify(settings[vendor]),
    },
    {
      secrets: new MemorySecrets(demoSecrets()),
      redactor: new SecretRedactor(),
      budgetStore: () => new MemoryBudgetStore(),
      dailyLimits: { opensolar: 1_000_000_000 },
    },
  )
}

async function compare(
  trial: number,
  dataDir: string,
  intents: Intent[],
  vanished: { vendor: ProjectVendor; clientRef: string }[],
): Promise<void> {
  const remote = await remoteProjects()
  const report = (kind: 'lost' | 'duplicated' | 'wrong', detail: string) => {
    totals[kind]++
    console.error(`trial ${trial}: ${kind}: ${detail}`)
  }
  const opened = await openDatabase(path.join(dataDir, 'solar-field.db'), { migrations })
  const stuck = await opened.db
    .selectFrom('outbox')
    .select(['op', 'state', 'last_error'])
    .where('state', '!=', 'sent')
    .execute()
  for (const op of stuck) report('wrong', `an op ended ${op.state}: ${op.last_error ?? ''}`)
  const rows = await opened.db.selectFrom('projects').select(['id', 'client_ref', 'remote_id']).execute()
  const mapped = new Map(rows.map((r) => [r.client_ref, r.remote_id]))
  // With --verbose, a mismatch comes with the project's whole outbox history, to see how it happened.
  const history = new Map<string, string>()
  if (values.verbose) {
    const ops = await opened.db.selectFrom('outbox').selectAll().orderBy('id').execute()
    for (const row of rows) {
      const mine = ops.filter((o) => o.entity_key === `project:${row.id}`)
      history.set(
        row.client_ref,
        mine.map((o) => `\n    #${o.id} ${o.op} ${o.state} attempts=${o.attempts} ${o.payload_json}`).join(''),
      )
    }
  }
  await opened.close()

  for (const intent of intents) {
    const list = remote.get(intent.vendor)!
    const remoteId = intent.remoteId ?? mapped.get(intent.clientRef) ?? null
    const matches = list.filter((p) => (remoteId && p.remoteId === remoteId) || p.clientRef === intent.clientRef)
    const ids = new Set(matches.map((p) => p.remoteId))
    if (intent.gone) {
      if (ids.size) report('wrong', `${intent.vendor} ${remoteId ?? intent.clientRef} should be deleted`)
      continue
    }
    if (ids.size === 0) {
      report('lost', `${intent.vendor} ${remoteId ?? intent.clientRef} is missing`)
      continue
    }
    if (ids.size > 1) report('duplicated', `${intent.vendor} ${intent.clientRef} exists ${ids.size} times`)
    const actual = onlyFields(
      flatFieldsOf(matches[0]!),
      Object.keys(intent.fields).map((f) => f.split('.')[0]!),
    )
    for (const [field, value] of Object.entries(intent.fields)) {
      if ((actual[field as keyof typeof actual] ?? null) !== (value ?? null)) {
        report(
          'wrong',
          `${intent.vendor} ${remoteId} ${field}: vendor has ${JSON.stringify(actual[field as keyof typeof actual])}, intended ${JSON.stringify(value)}${history.get(intent.clientRef) ?? ''}`,
        )
      }
    }
  }
  for (const v of vanished) {
    if (remote.get(v.vendor)!.some((p) => p.clientRef === v.clientRef))
      report('duplicated', `${v.vendor} ${v.clientRef} was created although it was deleted before it was ever sent`)
  }
}

/**
 * The worker, bundled once per run with its dependencies (all but the native better-sqlite3): a life is
 * ready in ~0.17 s instead of ~1 s under tsx, so a 1000-op trial's hundred-odd lives take a minute or two.
 */
function buildWorker(): void {
  // Bundles of runs that were killed themselves (their process is gone) are litter.
  const dir = path.dirname(WORKER_BUNDLE)
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const pid = Number(/^worker-(\d+)\.mjs$/.exec(name)?.[1])
    if (pid && !isAlive(pid)) fs.rmSync(path.join(dir, name), { force: true })
  }
  bundleForNode(path.join(root, 'test/chaos/worker.ts'), WORKER_BUNDLE)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function main(): Promise<void> {
  buildWorker()
  for (let trial = 0; trial < trials; trial++) {
    // Fresh vendors per trial: each trial's demo cache starts from the simulators' initial state.
    sandbox = await startSandbox({
      port: 0,
      opensolar: { dailyLimit: 1_000_000_000, createsPerMinute: 1_000_000 },
      aurora: { requestsPerMinute: 1_000_000 },
    })
    try {
      await runTrial(trial)
    } finally {
      await sandbox.stop()
    }
  }
  console.log(
    `chaos: trials=${trials} ops=${opsPerTrial} lost=${totals.lost} duplicated=${totals.duplicated} wrong=${totals.wrong}`,
  )
  say(`(seed ${seed}; ${totals.lives} worker lives, ${totals.kills} SIGKILLs)`)
  fs.rmSync(WORKER_BUNDLE, { force: true })
  process.exit(totals.lost + totals.duplicated + totals.wrong === 0 ? 0 : 1)
}

await main()
