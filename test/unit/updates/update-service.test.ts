import { describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../../src-shared/contract'
import { type UpdateFeed, UpdateService } from '../../../src-main/updates/update-service'
import { recordingLogger } from '../../helpers/logger'

/** A release feed that answers as electron-updater would: a version found, a download, its events. */
function fakeFeed(options: { version?: string | null; downloadFails?: Error } = {}) {
  const listeners = new Map<string, ((value: never) => void)[]>()
  const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((l) => l(value as never))
  const calls = { checks: 0, downloads: 0, installs: 0 }
  const feed: UpdateFeed = {
    channel: null,
    allowPrerelease: false,
    autoDownload: true,
    autoInstallOnAppQuit: false,
    checkForUpdates: async () => {
      calls.checks++
      const version = options.version === undefined ? '1.1.0' : options.version
      return version ? { updateInfo: { version } } : null
    },
    downloadUpdate: async () => {
      calls.downloads++
      emit('download-progress', { percent: 50 })
      if (options.downloadFails) {
        emit('error', options.downloadFails)
        throw options.downloadFails
      }
      emit('update-downloaded', { version: options.version ?? '1.1.0' })
    },
    quitAndInstall: () => void calls.installs++,
    on: (event: string, listener: (value: never) => void) =>
      listeners.set(event, [...(listeners.get(event) ?? []), listener]),
  }
  return { feed, calls }
}

function service(
  feed: UpdateFeed | null,
  over: { demo?: boolean; auto?: boolean; busy?: boolean; channel?: 'stable' | 'beta' } = {},
) {
  const published: UpdateStatus[] = []
  const updates = new UpdateService({
    feed,
    currentVersion: '1.0.0',
    demo: async () => over.demo ?? false,
    preferences: () => ({ autoUpdate: over.auto ?? true, updateChannel: over.channel ?? 'stable' }),
    busy: () => over.busy ?? false,
    publish: (status) => published.push(status),
    log: recordingLogger(),
  })
  return { updates, published }
}

describe('updates', () => {
  it('finds a new version, downloads it with progress, and restarts into it when asked', async () => {
    const { feed, calls } = fakeFeed()
    const { updates, published } = service(feed)
    expect(feed.autoDownload).toBe(false)
    const status = await updates.check({ manual: false })
    expect(status).toMatchObject({ state: 'ready', available: '1.1.0', progress: 1 })
    expect(published.map((s) => s.state)).toEqual(['checking', 'downloading', 'downloading', 'ready'])
    expect(updates.install()).toEqual({ restarting: true, reason: null })
    expect(calls.installs).toBe(1)
  })

  it('never restarts while changes are being sent or a file uploaded', async () => {
    const { feed, calls } = fakeFeed()
    const { updates } = service(feed, { busy: true })
    await updates.check({ manual: false })
    expect(updates.install()).toEqual({ restarting: false, reason: expect.stringMatching(/being sent/) })
    expect(calls.installs).toBe(0)
  })

  it.each([
    ['in the demo', { demo: true }],
    ['when turned off in Settings', { auto: false }],
  ])('does not look by itself %s, but does when asked (Check now)', async (_name, over) => {
    const { feed, calls } = fakeFeed()
    const { updates } = service(feed, over)
    await updates.check({ manual: false })
    expect(calls.checks).toBe(0)
    await updates.check({ manual: true })
    expect(calls.checks).toBe(1)
  })

  it('refuses a download that did not arrive whole: reported, never installed, fetched again next time', async () => {
    const { feed, calls } = fakeFeed({ downloadFails: new Error('sha512 checksum mismatch, expected abc, got def') })
    const { updates } = service(feed)
    const status = await updates.check({ manual: false })
    expect(status).toMatchObject({
      state: 'error',
      error: expect.stringMatching(/did not arrive whole and was not installed/),
    })
    expect(updates.install()).toMatchObject({ restarting: false })
    expect(calls.installs).toBe(0)
    await updates.check({ manual: false })
    expect(calls.downloads).toBe(2)
  })

  it('says when this is the newest, and follows the beta channel when chosen', async () => {
    const { feed } = fakeFeed({ version: '1.0.0' })
    const { updates } = service(feed, { channel: 'beta' })
    expect(await updates.check({ manual: true })).toMatchObject({ state: 'current', available: null })
    expect(feed).toMatchObject({ channel: 'beta', allowPrerelease: true })
  })

  it('has nothing to offer where there is no feed (the browser host)', async () => {
    const { updates } = service(null)
    expect(await updates.check({ manual: true })).toMatchObject({ state: 'unavailable' })
    expect(updates.install()).toMatchObject({ restarting: false })
  })
})
