// Electron adapter for the dispatcher. Imports Electron types only, so it is tested under Node with a fake ipcMain.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { contract, invokeChannel, type Method } from '../../src-shared/contract'
import type { Logger } from '../logging/logger'
import { isTrustedSender, type SenderFrame } from '../security/ipc-sender'
import type { Dispatcher } from './dispatcher'

export interface IpcRegistration {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  dispatcher: Dispatcher
  appOrigin: string
  log: Logger
}

/** Registers one handler per contract method; every message's sender is checked before anything runs. */
export function registerIpcMain({ ipcMain, dispatcher, appOrigin, log }: IpcRegistration): () => void {
  const methods = Object.keys(contract) as Method[]
  for (const method of methods) {
    ipcMain.handle(invokeChannel(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      const frame: SenderFrame | null = event.senderFrame
        ? { url: event.senderFrame.url, isMainFrame: event.senderFrame.parent === null }
        : null
      if (!isTrustedSender(frame, appOrigin)) {
        log.warn(`Refused IPC ${method} from an untrusted frame`, { url: frame?.url })
        return { ok: false, error: { code: 'forbidden_sender', message: 'This window may not call Solar Field.' } }
      }
      return dispatcher.dispatch(method, input)
    })
  }
  return () => methods.forEach((method) => ipcMain.removeHandler(invokeChannel(method)))
}
