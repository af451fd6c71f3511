// A modal dialog on the native <dialog>: the rest of the window is inert while it is open, focus moves
// into it and Esc closes it, and focus goes back to what opened it when it closes.
import { useEffect, useId, useRef } from 'react'
import styles from './Dialog.module.css'

export function Dialog(props: { title: string; onClose: () => void; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null)
  // Its own id: two dialogs (one over another) must not name each other's titles.
  const titleId = useId()
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
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className={styles.header}>
        <h2 id={titleId} className={styles.title}>
          {props.title}
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {props.children}
    </dialog>
  )
}
