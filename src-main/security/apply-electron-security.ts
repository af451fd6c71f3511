// Electron-only wiring of the pure policies beside this file. Kept thin: the decisions are tested under Node.
import type { App, Session, Shell } from 'electron'
import type { Logger } from '../logging/logger'
import { decideExternalLink, isAllowedNavigation, isPermissionAllowed } from './navigation'

export function applyElectronSecurity(deps: {
  app: App
  shell: Shell
  session: Session
  appOrigin: string
  log: Logger
}): void {
  const { app, shell, session, appOrigin, log } = deps
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)))
  session.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission))

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
      log.warn('Refused to attach a webview')
    })
    const guardNavigation = (event: { preventDefault(): void }, url: string) => {
      if (isAllowedNavigation(url, appOrigin)) return
      event.preventDefault()
      openIfAllowed(url)
    }
    contents.on('will-navigate', guardNavigation)
    contents.on('will-redirect', guardNavigation)
    contents.setWindowOpenHandler(({ url }) => {
      openIfAllowed(url)
      return { action: 'deny' }
    })
  })

  function openIfAllowed(url: string): void {
    const decision = decideExternalLink(url)
    if (decision.action === 'open-external') void shell.openExternal(decision.url)
    else log.warn(`Blocked navigation: ${decision.reason}`)
  }
}
