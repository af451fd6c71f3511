// A street-tile host, as a technician's online vector tile source would be: one PMTiles archive served
// over HTTP with range requests (how PMTiles is read), no sign-in. It serves the demo's streets, so what
// the app keeps around its projects can be checked against what was there.
import { buildDemoArea } from '../../../maps/demo-area'
import { HttpError, Routes } from '../core/http'
import type { VendorApp } from '../core/vendor-app'

export const TILES_ARCHIVE_PATH = '/streets.pmtiles'

export function createTilesApp(): VendorApp {
  let archive: Buffer | null = null
  const bytes = () => (archive ??= buildDemoArea())
  const routes = new Routes()
  routes.add('GET', TILES_ARCHIVE_PATH, (ctx) => {
    const all = bytes()
    const range = /^bytes=(\d+)-(\d*)$/.exec(ctx.header('range') ?? '')
    if (!range) return { status: 200, raw: { data: all, contentType: 'application/octet-stream' } }
    const start = Number(range[1])
    const end = range[2] ? Math.min(Number(range[2]), all.length - 1) : all.length - 1
    if (start >= all.length || end < start) throw new HttpError(416, { message: 'Range not satisfiable' })
    return {
      status: 206,
      raw: { data: all.subarray(start, end + 1), contentType: 'application/octet-stream' },
      headers: { 'Content-Range': `bytes ${start}-${end}/${all.length}`, 'Accept-Ranges': 'bytes' },
    }
  })
  return {
    vendor: 'tiles',
    routes,
    authenticate: () => undefined,
    admit: () => undefined,
    notFound: () => ({ status: 404, body: { message: 'Not found' } }),
    invalid: (message) => ({ status: 400, body: { message } }),
  }
}
