// upload_rss_mb: how much a process's memory grows while a large file is added (pieces go to disk as they
// come; nothing holds the whole file). hash_ratio: sha256sum's time over ours for the same file (ours
// writes it, checks it back, and hashes it three ways); higher is better, 1 is as fast as hashing alone.
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ACCOUNT_ID, newDatabase } from '../organisation'
import { alternate, median } from '../stats'

const root = path.resolve(import.meta.dirname, '../../..')

export async function measureUpload(megabytes: number, rounds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-field-bench-upload-'))
  try {
    const file = path.join(dir, 'big.pdf')
    // Random bytes, written a piece at a time (the bench itself holds no whole file either).
    const out = fs.openSync(file, 'w')
    for (let i = 0; i < megabytes; i++) fs.writeSync(out, crypto.randomBytes(1_048_576))
    fs.closeSync(out)
    const dataDir = path.join(dir, 'data')
    fs.mkdirSync(dataDir)
    const opened = await newDatabase(path.join(dataDir, 'solar-field.db'))
    await opened.db
      .insertInto('projects')
      .values({
        id: 'bench-project',
        account_id: ACCOUNT_ID,
        provider: 'opensolar',
        client_ref: 'bench-ref',
        title: 'Bench',
        title_sort: 'bench',
      })
      .execute()
    await opened.close()
    const rss: number[] = []
    const times = await alternate(
      rounds,
      async () => {
        const output = execFileSync(
          process.execPath,
          [
            '--expose-gc',
            '--import',
            'tsx',
            path.join(root, 'test/bench/upload-child.ts'),
            file,
            dataDir,
            'bench-project',
          ],
          { cwd: root, encoding: 'utf8' },
        )
        const result = JSON.parse(output.trim().split('\n').at(-1)!) as { ms: number; rssMb: number }
        rss.push(result.rssMb)
        return result.ms
      },
      async () => {
        const start = performance.now()
        const done = spawnSync('sha256sum', [file])
        if (done.status !== 0) throw new Error(`sha256sum failed: ${done.stderr.toString()}`)
        return performance.now() - start
      },
    )
    return {
      upload_rss_mb: Math.max(...rss),
      hash_ratio: median(times.baseline) / median(times.ours),
      detail: { megabytes, ours_ms: times.ours, sha256sum_ms: times.baseline, rss_mb: rss },
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
