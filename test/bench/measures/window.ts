// In Chromium, with the organisation cached:
// - cold_start_ms: from starting the host process (the real main services, bundled as the app ships them)
//   to the list's first row on screen.
// - map_idle_ratio: from every pin in hand to the map settled with them drawn (marks the map sets), against
//   a bare maplibre page drawing the same points with the same clustering, alternating page loads. The
//   whole page's time to that point is kept in the detail too (ours also starts the app and the list).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { bundleForNode } from '../../tools/bundle-for-node'
import { chromium, type Browser, type Page } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config'
import { median } from '../stats'

const root = path.resolve(import.meta.dirname, '../../..')
const RENDERER_DIR = path.join(root, 'out/renderer')
const VIEWPORT = { width: 1440, height: 900 }

/** The host's entry bundled as one file (as electron-vite bundles main), so start-up is not tsx compiling. */
function bundleHost(cacheDir: string): string {
  return bundleForNode(path.join(root, 'src-main/host/cli.ts'), path.join(cacheDir, 'host', 'cli.mjs'))
}

function startHost(entry: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir, '--renderer-dir', RENDERER_DIR], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output)?.[1]
      if (url) resolve({ child, url })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`The host exited (${code}): ${output}`)))
  })
}

/** The time between the two marks the page set (its map's own work on the pins). */
const markedMs = (page: Page) =>
  page.evaluate(() => {
    const ready = performance.getEntriesByName('solar-field:pins-ready').at(-1)
    const drawn = performance.getEntriesByName('solar-field:pins-drawn').at(-1)
    if (!ready || !drawn) throw new Error('The page did not mark its pins')
    return drawn.startTime - ready.startTime
  })

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

/** The bare page: maplibre, the same points and clustering, nothing else. */
export function bareServer(dataDir: string): Promise<{ server: http.Server; url: string }> {
  const db = new BetterSqlite3(path.join(dataDir, 'solar-field.db'), { readonly: true })
  const rows = db
    .prepare('select seq, lat, lng from projects where deleted = 0 and lat is not null and lng is not null')
    .raw()
    .all() as [number, number, number][]
  db.close()
  const pins = JSON.stringify({ pin: rows.map((r) => r[0]), lat: rows.map((r) => r[1]), lng: rows.map((r) => r[2]) })
  const dist = path.join(root, 'node_modules/maplibre-gl/dist')
  const page = `<!doctype html><html><head><link rel="stylesheet" href="/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre-gl.mjs'
maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs')
const pins = await (await fetch('/pins.json')).json()
performance.mark('solar-field:pins-ready')
const features = pins.pin.map((p, i) => ({ type: 'Feature', id: p, geometry: { type: 'Point', coordinates: [pins.lng[i], pins.lat[i]] }, properties: { pin: p, vendor: 'opensolar', pending: 0 } }))
const map = new maplibregl.Map({ container: 'map', center: [20, 15], zoom: 1.2, style: { version: 8, sources: {
  projects: { type: 'geojson', data: { type: 'FeatureCollection', features }, cluster: true, clusterRadius: 36, clusterMaxZoom: 13 } },
  layers: [
    { id: 'water', type: 'background', paint: { 'background-color': '#c8dbe8' } },
    { id: 'clusters', type: 'circle', source: 'projects', filter: ['has', 'point_count'], paint: { 'circle-color': '#343a40', 'circle-radius': 12 } },
    { id: 'points', type: 'circle', source: 'projects', filter: ['!', ['has', 'point_count']], paint: { 'circle-color': '#e8590c', 'circle-radius': 6 } },
  ] } })
const bounds = new maplibregl.LngLatBounds()
for (let i = 0; i < pins.lat.length; i++) bounds.extend([pins.lng[i], pins.lat[i]])
map.once('load', () => { map.fitBounds(bounds, { padding: 48, maxZoom: 13, duration: 0 }); map.once('idle', () => { performance.mark('solar-field:pins-drawn'); document.body.dataset.drawn = 'true' }) })
</script></body></html>`
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', page],
    '/pins.json': ['application/json', pins],
    '/maplibre-gl.mjs': ['text/javascript', fs.readFileSync(path.join(dist, 'maplibre-gl.mjs'))],
    '/maplibre-gl-worker.mjs': ['text/javascript', fs.readFileSync(path.join(dist, 'maplibre-gl-worker.mjs'))],
    '/maplibre-gl.css': ['text/css', fs.readFileSync(path.join(dist, 'maplibre-gl.css'))],
  }
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname]
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1])
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  )
}

export async function measureWindow(dataDir: string, cacheDir: string, rounds: number) {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('Run "npm run build" before the bench')
  const entry = bundleHost(cacheDir)
  const bare = await bareServer(dataDir)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    const coldStart: number[] = []
    const oursMap: number[] = []
    const bareMap: number[] = []
    const oursPage: number[] = []
    const barePage: number[] = []
    const timeout = 120_000
    const runOurs = async () => {
      const page = await browser!.newPage({ viewport: VIEWPORT })
      const started = performance.now()
      const { child, url } = await startHost(entry, dataDir)
      try {
        const navigated = performance.now()
        await page.goto(url)
        await page.getByRole('listbox', { name: 'All projects' }).getByRole('option').first().waitFor({ timeout })
        coldStart.push(performance.now() - started)
        await page.locator('[data-testid="map"][data-drawn="true"]').waitFor({ timeout })
        oursPage.push(performance.now() - navigated)
        oursMap.push(await markedMs(page))
      } finally {
        await page.close()
        await stop(child)
      }
    }
    const runBare = async () => {
      const page = await browser!.newPage({ viewport: VIEWPORT })
      try {
        const navigated = performance.now()
        await page.goto(bare.url)
        await page.locator('body[data-drawn="true"]').waitFor({ timeout })
        barePage.push(performance.now() - navigated)
        bareMap.push(await markedMs(page))
      } finally {
        await page.close()
      }
    }
    // One load of each first, uncounted: Chromium's own caches warm alike for both.
    await runOurs()
    await runBare()
    coldStart.length = oursMap.length = bareMap.length = oursPage.length = barePage.length = 0
    for (let round = 0; round < rounds; round++) {
      if (round % 2) {
        await runBare()
        await runOurs()
      } else {
        await runOurs()
        await runBare()
      }
    }
    return {
      cold_start_ms: median(coldStart),
      map_idle_ratio: median(oursMap) / median(bareMap),
      detail: {
        cold_start_ms: coldStart,
        ours_map_ms: oursMap,
        bare_map_ms: bareMap,
        ours_page_to_drawn_ms: oursPage,
        bare_page_to_drawn_ms: barePage,
      },
    }
  } finally {
    await browser?.close()
    bare.server.close()
  }
}
