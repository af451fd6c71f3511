// ingest_ratio: the pull's store path (PullEngine: checks, field mapping, lookups, one transaction per
// page, the resume point, counts and search index kept by triggers) against the same rows written by
// bare prepared inserts, a transaction per page, into the same schema. Higher is better; 1 is free.
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { CAPABILITIES } from '../../../src-main/providers/capabilities'
import type { Provider, RemoteProject } from '../../../src-main/providers/provider'
import { naturalSortKey } from '../../../src-main/projects/natural-sort-key'
import { flatFieldsOf } from '../../../src-main/sync/fields'
import { FIELD_COLUMNS } from '../../../src-main/sync/outbox/project-columns'
import { PullEngine } from '../../../src-main/sync/pull/pull-engine'
import { ACCOUNT_ID, newDatabase } from '../organisation'
import { alternate, median } from '../stats'

/** A provider that lists pages already read: the store path alone is timed, not HTTP or parsing. */
function replaying(pages: RemoteProject[][]): Provider {
  return {
    vendor: 'opensolar',
    capabilities: CAPABILITIES.opensolar,
    isCreatedBy: () => false,
    async *listPages() {
      for (const [i, projects] of pages.entries())
        yield { projects, at: String(i + 1), next: i + 1 < pages.length ? String(i + 2) : null }
    },
  } as unknown as Provider
}

/** The rows the store would write, ready for bare inserts (made before the clock starts). */
function rowsOf(pages: RemoteProject[][]) {
  return pages.map((page) =>
    page.map((remote) => {
      const flat = flatFieldsOf(remote)
      const row: Record<string, unknown> = {
        id: `raw-${remote.remoteId}`,
        account_id: ACCOUNT_ID,
        provider: 'opensolar',
        client_ref: remote.clientRef ?? `ref-${remote.remoteId}`,
        remote_id: remote.remoteId,
        title_sort: naturalSortKey(remote.title),
        system_summary: remote.systemSummary,
        created_remote: remote.createdAt,
        modified_remote: remote.modifiedAt,
      }
      for (const [field, column] of Object.entries(FIELD_COLUMNS)) row[column] = flat[field as keyof typeof flat]
      return { row, remoteJson: JSON.stringify(remote.raw) }
    }),
  )
}

export async function measureIngest(pages: RemoteProject[][], rounds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-bench-ingest-'))
  const rows = rowsOf(pages)
  const columns = Object.keys(rows[0]![0]!.row)
  try {
    const times = await alternate(
      rounds,
      async (round) => {
        const opened = await newDatabase(path.join(dir, `ours-${round}.db`))
        const pull = new PullEngine({ db: opened.db, sqlite: opened.sqlite, providerFor: () => replaying(pages) })
        const start = performance.now()
        await pull.pullAccount(ACCOUNT_ID)
        const ms = performance.now() - start
        await opened.close()
        return ms
      },
      async (round) => {
        const opened = await newDatabase(path.join(dir, `raw-${round}.db`))
        const insert = opened.sqlite.prepare(
          `insert into projects (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
        )
        const copy = opened.sqlite.prepare('insert into project_remote (seq, remote_json) values (?, ?)')
        const start = performance.now()
        for (const page of rows)
          opened.sqlite
            .transaction(() => {
              for (const { row, remoteJson } of page) copy.run(insert.run(row).lastInsertRowid, remoteJson)
            })
            .immediate()
        const ms = performance.now() - start
        await opened.close()
        return ms
      },
    )
    return {
      ingest_ratio: median(times.baseline) / median(times.ours),
      detail: { ours_ms: median(times.ours), raw_ms: median(times.baseline), rows: rows.flat().length },
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
