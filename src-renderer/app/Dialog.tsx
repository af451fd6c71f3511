// A modal dialog on the native <dialog>: the rest of the window is inert while it is open, focus moves
// into it and Esc closes it, and focus goes back to what opened it when it closes.
import { useEffect, useRef } from 'react'

export function Dialog(props: { title: string; onClose: () => void; children: React.ReactNode; className?: string }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const { onClose } = props
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    element.showModal()
    return () => {
      element.close()
      opener?.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      className={`dialog ${props.className ?? ''}`}
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {props.children}
    </dialog>
  )
}
