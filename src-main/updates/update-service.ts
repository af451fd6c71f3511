// New versions: looked for at start and every six hours (unless turned off in Settings, in the demo, or
// where there is no feed: the browser host), downloaded in the background, then offered as "Restart to
// update". The restart never happens while the outbox is sending or a file is uploading (it would cut a
// send off mid-way), and an update that did not arrive whole — electron-updater checks each download
// against the release's sha512 — is reported and tried again at the next look, never installed.
// electron-updater is behind UpdateFeed, so all of this runs and is tested under plain Node.
import type { UpdateStatus } from '../../src-shared/contract'
import type { Logger } from '../logging/logger'

/** What the app uses of electron-updater's autoUpdater. */
export interface UpdateFeed {
  channel: string | null
  allowPrerelease: boolean
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  checkForUpdates(): Promise<{ updateInfo: { version: string } } | null>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(): void
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

export interface UpdateServiceDeps {
  /** Absent: updates come another way here (the browser host, a build without a feed). */
  feed: UpdateFeed | null
  currentVersion: string
  demo: () => Promise<boolean>
  preferences: () => { autoUpdate: boolean; updateChannel: 'stable' | 'beta' }
  /** Something is being sent: a restart now would cut it off. */
  busy: () => boolean
  /** Tell the windows the status changed. */
  publish: (status: UpdateStatus) => void
  log: Logger
  now?: () => Date
}

export const CHECK_EVERY_MS = 6 * 3_600_000
/** A while after start: the first sync (and the technician's first minutes) go first. */
export const FIRST_CHECK_AFTER_MS = 60_000

export class UpdateService {
  private status: UpdateStatus
  private timers: NodeJS.Timeout[] = []
  private checking: Promise<UpdateStatus> | null = null

  constructor(private readonly deps: UpdateServiceDeps) {
    this.status = {
      state: deps.feed ? 'idle' : 'unavailable',
      version: deps.currentVersion,
      available: null,
      progress: null,
      error: null,
      checkedAt: null,
    }
    const feed = deps.feed
    if (!feed) return
    feed.autoDownload = false
    // Installed only when the technician says so (or quits): never behind their back mid-visit.
    feed.autoInstallOnAppQuit = true
    feed.on('download-progress', ({ percent }) =>
      this.set({ state: 'downloading', progress: Math.max(0, Math.min(1, percent / 100)) }),
    )
    feed.on('update-downloaded', ({ version }) =>
      this.set({ state: 'ready', available: version, progress: 1, error: null }),
    )
    feed.on('error', (error) => this.failed(error))
  }

  read(): UpdateStatus {
    return this.status
  }

  /** At start (after a while) and every six hours; each time the preference and the demo are asked again. */
  start(): void {
    if (!this.deps.feed || this.timers.length) return
    const tick = () => void this.check({ manual: false }).catch(() => undefined)
    const first = setTimeout(tick, FIRST_CHECK_AFTER_MS)
    const every = setInterval(tick, CHECK_EVERY_MS)
    first.unref()
    every.unref()
    this.timers = [first, every]
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers = []
  }

  /** Looks for a new version and downloads it; `manual`: the technician asked (Check now), so it goes even if turned off. */
  check({ manual }: { manual: boolean }): Promise<UpdateStatus> {
    this.checking ??= this.run(manual).finally(() => (this.checking = null))
    return this.checking
  }

  /** Restarts into the downloaded version, unless something is being sent. */
  install(): { restarting: boolean; reason: string | null } {
    if (this.status.state !== 'ready' || !this.deps.feed)
      return { restarting: false, reason: 'No update has been downloaded yet.' }
    if (this.deps.busy())
      return {
        restarting: false,
        reason: 'Changes are being sent right now: restart once the status bar says they are all sent.',
      }
    this.deps.feed.quitAndInstall()
    return { restarting: true, reason: null }
  }

  private async run(manual: boolean): Promise<UpdateStatus> {
    const feed = this.deps.feed
    if (!feed) return this.status
    const { autoUpdate, updateChannel } = this.deps.preferences()
    if (!manual && (!autoUpdate || (await this.deps.demo()))) return this.status
    if (this.status.state === 'ready' || this.status.state === 'downloading') return this.status
    feed.channel = updateChannel === 'beta' ? 'beta' : 'latest'
    feed.allowPrerelease = updateChannel === 'beta'
    this.set({ state: 'checking', error: null })
    try {
      const found = await feed.checkForUpdates()
      const version = found?.updateInfo.version ?? null
      const checkedAt = (this.deps.now ?? (() => new Date()))().toISOString()
      if (!version || version === this.deps.currentVersion)
        return this.set({ state: 'current', available: null, checkedAt })
      this.set({ state: 'downloading', available: version, progress: 0, checkedAt })
      await feed.downloadUpdate()
      return this.status
    } catch (error) {
      return this.failed(error)
    }
  }

  private failed(error: unknown): UpdateStatus {
    const message = error instanceof Error ? error.message : String(error)
    this.deps.log.warn(`Update not installed: ${message}`)
    // A download that does not match the release's checksum is refused by electron-updater with a sha512 error.
    const corrupt = /sha512|checksum|integrity/i.test(message)
    return this.set({
      state: 'error',
      progress: null,
      error: corrupt
        ? 'The update did not arrive whole and was not installed. It will be downloaded again at the next check.'
        : 'The update could not be fetched. It will be tried again at the next check.',
    })
  }

  private set(change: Partial<UpdateStatus>): UpdateStatus {
    this.status = { ...this.status, ...change }
    this.deps.publish(this.status)
    return this.status
  }
}
