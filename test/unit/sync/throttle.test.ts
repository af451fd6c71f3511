import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from '../../../src-main/sync/throttle'
import { UploadProgress } from '../../../src-main/sync/upload-progress'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('throttle', () => {
  it('calls at once after a quiet spell, then at most once per interval, always reporting the last change', () => {
    const fn = vi.fn()
    const notify = throttle(fn, 250)
    notify()
    expect(fn).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 20; i++) notify() // a burst: one more call, at the end of the interval
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(250)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    notify()
    expect(fn).toHaveBeenCalledTimes(3)
  })
})

describe('UploadProgress', () => {
  it('sums an account’s uploads in flight and reports each file’s share', () => {
    const changes = vi.fn()
    const progress = new UploadProgress(changes)
    progress.start(1, 'a', 'f1', 1000)
    progress.start(2, 'a', 'f2', 3000)
    progress.start(3, 'b', 'f3', 50)
    progress.update(1, 500, 1000)
    progress.update(2, 9999, 3000) // never more than the whole
    expect(progress.of('a')).toEqual({ files: 2, sentBytes: 3500, totalBytes: 4000 })
    expect(progress.fraction('f1')).toBe(0.5)
    progress.end(1)
    expect(progress.of('a')).toEqual({ files: 1, sentBytes: 3000, totalBytes: 3000 })
    expect(progress.fraction('f1')).toBeNull()
    expect(changes).toHaveBeenCalledTimes(6)
  })
})
