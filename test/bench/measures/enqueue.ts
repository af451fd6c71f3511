// enqueue_ratio: edits made on site through the `projects.update` handler (contract check, the edit and
// its queued op in one transaction, coalescing, the status told to the windows) against the bare
// minimum an edit writes — the row updated and an op inserted, a transaction each — on other projects
// of the same database, in alternating blocks. Lower is better; 1 is free.
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { composeServices } from '../../../src-main/composition'
import { createLogger } from '../../../src-main/logging/logger'
import { ACCOUNT_ID } from '../organisation'

export async function measureEnqueue(dataDir: string, edits: number) {
  const services = await composeServices({
    dataDir,
    log: createLogger(() => undefined),
    shell: 'browser-host',
    version: 'bench',
    demo: false,
  })
  const raw = new BetterSqlite3(path.join(dataDir, 'solar-field.db'))
  raw.pragma('busy_timeout = 5000')
  try {
    const ids = (
      raw.prepare('select id from projects where deleted = 0 order by seq limit ?').all(edits * 2) as { id: string }[]
    ).map((r) => r.id)
    const update = raw.prepare(
      `update projects set notes = ?, modified_local = ?, dirty = 1, base_json = coalesce(base_json, '{}') where id = ?`,
    )
    const insert = raw.prepare(
      `insert into outbox (account_id, entity_key, op, payload_json, client_op_id, created_at, updated_at)
       values (?, ?, 'update', ?, ?, ?, ?)`,
    )
    const block = Math.max(1, Math.floor(edits / 10))
    let oursMs = 0
    let rawMs = 0
    for (let done = 0, round = 0; done < edits; done += block, round++) {
      const mine = ids.slice(2 * done, 2 * done + block)
      const bare = ids.slice(2 * done + block, 2 * (done + block))
      const runOurs = async () => {
        const start = performance.now()
        for (const id of mine) {
          const answer = await services.dispatcher.dispatch('projects.update', {
            id,
            changes: { notes: `Checked on site ${round}` },
          })
          if (!(answer as { ok: boolean }).ok) throw new Error(`An edit failed: ${JSON.stringify(answer)}`)
        }
        oursMs += performance.now() - start
      }
      const runRaw = () => {
        const start = performance.now()
        for (const id of bare) {
          const now = new Date().toISOString()
          raw
            .transaction(() => {
              update.run(`Checked on site ${round}`, now, id)
              insert.run(ACCOUNT_ID, `project:${id}`, '{"notes":"x"}', randomUUID(), now, now)
            })
            .immediate()
        }
        rawMs += performance.now() - start
      }
      if (round % 2) {
        runRaw()
        await runOurs()
      } else {
        await runOurs()
        runRaw()
      }
    }
    return { enqueue_ratio: oursMs / rawMs, detail: { edits, ours_ms: oursMs, raw_ms: rawMs } }
  } finally {
    raw.close()
    await services.close()
  }
}
