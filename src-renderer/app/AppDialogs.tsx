// What the app menu (and its keys) opens over any screen: the shortcuts sheet, About, and the
// diagnostics export, which saves its zip where the technician chooses (the desktop app) or downloads it.
import { useState } from 'react'
import { useContractMutation } from '../api/contract-hooks'
import { useAppInfo } from '../api/queries'
import { useCommand } from './commands'
import { Dialog } from '../ui/Dialog'
import { ShortcutsSheet } from './ShortcutsSheet'

export function AppDialogs() {
  const [open, setOpen] = useState<'shortcuts' | 'about' | null>(null)
  const [exported, setExported] = useState<string | null>(null)
  const diagnostics = useContractMutation<'app.exportDiagnostics', void>('app.exportDiagnostics', { input: () => ({}) })
  const info = useAppInfo()
  useCommand('shortcuts', () => setOpen((now) => (now === 'shortcuts' ? null : 'shortcuts')))
  useCommand('about', () => setOpen('about'))
  useCommand('exportDiagnostics', () => {
    setExported('Making the diagnostics file…')
    diagnostics.mutateAsync().then(
      ({ fileName, saved, base64 }) => {
        if (base64) download(fileName, base64)
        setExported(
          saved || base64 ? `Diagnostics saved as ${fileName}. It holds no password, token or customer.` : null,
        )
      },
      (error: unknown) =>
        setExported(`Diagnostics could not be made: ${error instanceof Error ? error.message : String(error)}`),
    )
  })
  return (
    <>
      {open === 'shortcuts' && <ShortcutsSheet onClose={() => setOpen(null)} />}
      {open === 'about' && (
        <Dialog title="About Solar Field" onClose={() => setOpen(null)}>
          <dl className="about">
            <dt>Version</dt>
            <dd>{info.data?.version ?? '…'}</dd>
            <dt>Running as</dt>
            <dd>{info.data?.shell === 'electron' ? 'Desktop app' : 'Browser host'}</dd>
            <dt>Database</dt>
            <dd>{info.data?.schemaVersion ?? '…'}</dd>
            <dt>Projects on this computer</dt>
            <dd>{info.data?.projectCount.toLocaleString() ?? '…'}</dd>
          </dl>
        </Dialog>
      )}
      {exported && (
        <div className="toast" role="status">
          <span>{exported}</span>
          <button type="button" className="link" onClick={() => setExported(null)}>
            Close
          </button>
        </div>
      )}
    </>
  )
}

/** Saves bytes from main as a file, the way a browser saves a download. */
function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }))
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName })
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
