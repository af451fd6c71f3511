import { useEffect } from 'react'
import { useContractMutation } from '../api/contract-hooks'
import type { Deleted } from '../features/projects/ProjectDetail'

/** "Deleted … · Undo": the delete waits in the queue, so while it is unsent it can be taken back. */
export function UndoToast(props: { deleted: Deleted; onClose: () => void; onUndone: (projectId: string) => void }) {
  const undo = useContractMutation<'outbox.discard', void>('outbox.discard', {
    input: () => ({ id: props.deleted.undoId! }),
    onSuccess: () => props.onUndone(props.deleted.projectId),
  })
  const { onClose } = props
  useEffect(() => {
    const timer = setTimeout(onClose, 20_000)
    return () => clearTimeout(timer)
  }, [onClose])
  return (
    <div className="toast" role="status" aria-label="Project deleted">
      <span>
        Deleted “{props.deleted.title}”{props.deleted.undoId === null ? ' (it had not reached the vendor yet).' : '.'}
      </span>
      {props.deleted.undoId !== null && (
        <button type="button" onClick={() => undo.mutate()} disabled={undo.isPending}>
          Undo
        </button>
      )}
      {undo.error && <span className="status-error">{undo.error.message}</span>}
      <button type="button" className="toast-close" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
    </div>
  )
}
