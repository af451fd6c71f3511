// Our own database failing (another Solar Field holding it, a full disk) is never a vendor's refusal
// and what a vendor says is kept to a reasonable size.
import { spawn } from 'node:child_process'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { databaseProblem } from '../../../src-main/db/database-errors'
import { ValidationError } from '../../../src-main/providers/http/errors'
import type { Provider } from '../../../src-main/providers/provider'
import { PushEngine } from '../../../src-main/sync/push/push-engine'
import { MAX_ERROR_CHARS } from '../../../src-main/sync/push/op-ledger'
import { useSyncSetup } from '../../helpers/sync-setup'

const { setup } = useSyncSetup()

/** A second connection to the same file, as another process would hold it. */
function otherWriter(file: string) {
  const other = new BetterSqlite3(file, { timeout: 50 })
  return {
    hold: () => other.exec('begin immediate'),
    release: () => other.inTransaction && other.exec('commit'),
    close: () => other.close(),
  }
}

describe('a database someone else is writing', () => {
  it('a transaction takes the write lock when it begins, not half-way through', async () => {
    const { db, opened } = await setup('opensolar', 2)
    const other = otherWriter(opened.sqlite.name)
    try {
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('projects').select('id').execute()
        // Began IMMEDIATE: another writer is kept out from the start (a deferred BEGIN would let it in).
        expect(() => other.hold()).toThrow(/database is locked/)
      })
    } finally {
      other.close()
    }
  })

  it('an edit answers in plain words: in use by another Solar Field', async () => {
    const { db, opened, outbox } = await setup('opensolar', 2)
    opened.sqlite.pragma('busy_timeout = 50')
    const other = otherWriter(opened.sqlite.name)
    other.hold()
    try {
      const [project] = await db.selectFrom('projects').select('id').execute()
      const error = await outbox.editProject(project!.id, { notes: 'x' }).catch((e: unknown) => e)
      expect(databaseProblem(error)).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/in use by another Solar Field/),
      })
    } finally {
      other.close()
    }
  })

  it('a send whose answer came while the database was locked is not parked as refused, and goes through after', async () => {
    const { s, db, opened, accountId, outbox, client, ops } = await setup('opensolar', 2)
    opened.sqlite.pragma('busy_timeout = 300')
    // The vendor takes the change; just then another process writes for 450 ms. Recording the answer
    // waits 300 ms and fails; the lock is gone before a second write would give up, so parking the op
    // (as if the vendor had refused it) would succeed: it must not be tried.
    const locking: Provider = Object.assign(Object.create(client) as Provider, {
      updateProject: async (...args: Parameters<Provider['updateProject']>) => {
        const answer = await client.updateProject(...args)
        await holdWriteLockElsewhere(opened.sqlite.name, 450)
        return answer
      },
    })
    const push = new PushEngine({
      db,
      providerFor: () => locking,
      now: () => new Date(s.clock.nowMs()),
      random: () => 0.5,
    })
    const [project] = await db.selectFrom('projects').selectAll().execute()
    await outbox.editProject(project!.id, { notes: 'Sent while locked' })
    await expect(push.pushAccount(accountId)).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    await new Promise((r) => setTimeout(r, 500))
    const [op] = await ops()
    expect(op!.state).toBe('sending') // in doubt, never 'parked'
    const patches = () => s.log.all({ vendor: 'opensolar', method: 'PATCH' }).length
    expect(patches()).toBe(1)
    const retry = new PushEngine({
      db,
      providerFor: () => client,
      now: () => new Date(s.clock.nowMs()),
      random: () => 0.5,
    })
    expect(await retry.pushAccount(accountId)).toMatchObject({ sent: 1, parked: 0 })
    expect(patches()).toBe(1) // the vendor already had it: nothing sent twice
    expect(s.state.opensolar.projects.get(Number(project!.remote_id))?.notes).toBe('Sent while locked')
  })
})

/** Another process takes the database's write lock for `ms` (resolves once it holds it). */
function holdWriteLockElsewhere(file: string, ms: number): Promise<void> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.exec('begin immediate');
    process.stdout.write('locked\\n'); setTimeout(() => { db.exec('commit'); db.close() }, ${ms})`
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => resolve())
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code})`)))
  })
}

describe('what a vendor says', () => {
  it('is kept to a readable length on the op', async () => {
    const { s, db, accountId, outbox, client, ops } = await setup('opensolar', 2)
    const verbose: Provider = Object.assign(Object.create(client) as Provider, {
      updateProject: () => Promise.reject(new ValidationError('opensolar', Array(10).fill('x'.repeat(300)), 400)),
    })
    const push = new PushEngine({
      db,
      providerFor: () => verbose,
      now: () => new Date(s.clock.nowMs()),
      random: () => 0.5,
    })
    const [project] = await db.selectFrom('projects').select('id').execute()
    await outbox.editProject(project!.id, { notes: 'refused' })
    await push.pushAccount(accountId)
    const [op] = await ops()
    expect(op!.state).toBe('parked')
    expect(op!.last_error).toMatch(/^OpenSolar refused the change: x{300}/)
    expect(op!.last_error!.length).toBe(MAX_ERROR_CHARS)
  })
})
