import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { contract, invokeChannel } from '../../../src-shared/contract'
import type { Dispatcher } from '../../../src-main/ipc/dispatcher'
import { registerIpcMain } from '../../../src-main/ipc/register-ipc-main'
import { recordingLogger } from '../../helpers/logger'

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  return {
    handlers,
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
  }
}

const APP = 'app://solar-field'
const eventFrom = (frame: { url: string; parent: unknown } | null) =>
  ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent

describe('registerIpcMain', () => {
  const setup = () => {
    const ipcMain = fakeIpcMain()
    const dispatch = vi.fn<Dispatcher['dispatch']>().mockResolvedValue({ ok: true, value: 'answered' })
    const unregister = registerIpcMain({
      ipcMain: ipcMain,
      dispatcher: { dispatch },
      appOrigin: APP,
      log: recordingLogger(),
    })
    return { ipcMain, dispatch, unregister }
  }

  it('registers exactly one handler per contract method', () => {
    const { ipcMain, unregister } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(contract)
        .map((m) => invokeChannel(m as never))
        .sort(),
    )
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('dispatches calls from the app window', async () => {
    const { ipcMain, dispatch } = setup()
    const answer = await ipcMain.handlers.get(invokeChannel('app.info'))!(
      eventFrom({ url: `${APP}/index.html`, parent: null }),
      {},
    )
    expect(answer).toEqual({ ok: true, value: 'answered' })
    expect(dispatch).toHaveBeenCalledWith('app.info', {})
  })

  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file URL', { url: 'file:///tmp/index.html', parent: null }],
    ['an iframe in the app', { url: `${APP}/index.html`, parent: {} }],
    ['a frame that has gone away', null],
  ])('refuses %s before any handler runs', async (_name, frame) => {
    const { ipcMain, dispatch } = setup()
    const answer = await ipcMain.handlers.get(invokeChannel('projects.get'))!(eventFrom(frame), { id: 'x' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(dispatch).not.toHaveBeenCalled()
  })
})
