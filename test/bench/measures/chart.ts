// chart_ratio: one year of 15-minute readings × 4 lines (35,040 points each) drawn by the app's chart
// against bare uPlot drawing the same points, already aligned, in the same page, alternating runs. Lower
// is better; 1 is free.
import fs from 'node:fs'
import path from 'node:path'
import esbuild from 'esbuild'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config'
import { alternate, median } from '../stats'

const root = path.resolve(import.meta.dirname, '../../..')

function yearOf15Minutes(lines: number) {
  const start = Date.parse('2026-01-01T00:00:00Z')
  const ts = Array.from({ length: 365 * 96 }, (_, i) => start + i * 900_000)
  return {
    range: { start, end: start + 365 * 86_400_000 },
    granularity: '15min',
    timeZone: 'America/Chicago',
    series: Array.from({ length: lines }, (_, line) => ({
      componentId: line,
      componentName: `Inverter ${line + 1}`,
      field: 'W_avg',
      unit: 'W',
      ts,
      // A day's bell of generation, a little different per inverter.
      values: ts.map((t) => Math.max(0, Math.sin((((t / 3_600_000) % 24) - 6) * (Math.PI / 12))) * (4000 + line * 150)),
    })),
    missing: [],
    requests: 0,
    problem: null,
  }
}

export async function measureChart(cacheDir: string, rounds: number, lines = 4) {
  const outdir = path.join(cacheDir, 'chart-page')
  fs.mkdirSync(outdir, { recursive: true })
  await esbuild.build({
    entryPoints: [path.join(root, 'test/bench/chart-page.tsx')],
    outdir,
    bundle: true,
    // A classic script: a file:// page may not load modules.
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  fs.writeFileSync(
    path.join(outdir, 'index.html'),
    '<!doctype html><html><head><link rel="stylesheet" href="chart-page.css"></head><body><script src="chart-page.js"></script></body></html>',
  )
  const answer = yearOf15Minutes(lines)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    await page.goto(`file://${path.join(outdir, 'index.html')}`)
    await page.waitForFunction(() => 'runOurs' in globalThis)
    const run = (fn: 'runOurs' | 'runBare') => () =>
      page.evaluate(
        ([name, data]) => (globalThis as unknown as Record<string, (a: unknown) => Promise<number>>)[name]!(data),
        [fn, answer] as const,
      )
    // One of each first, uncounted (the page's code warms alike for both).
    await run('runOurs')()
    await run('runBare')()
    const times = await alternate(rounds, run('runOurs'), run('runBare'))
    return {
      chart_ratio: median(times.ours) / median(times.baseline),
      detail: { points_per_line: answer.series[0]!.ts.length, lines, ours_ms: times.ours, bare_ms: times.baseline },
    }
  } finally {
    await browser.close()
  }
}
