// Successive changes to one entity collapse before they are sent:
//   update + update → one update of the changed fields (the later value wins)
//   create + update → the create, with the final fields
//   create + delete → nothing is sent
//   update + delete → the delete
// Files follow the same algebra: upload ≈ create, rename / tag ≈ update, file_delete ≈ delete.
// An op already being sent is never merged: what follows it waits its turn.
import type { OutboxOp } from '../../db/schema'

export interface PendingOp {
  id: number
  op: OutboxOp
  payload: Record<string, unknown>
  /** Only queued ops may be merged; a 'sending' (or failed, parked…) op is left as it is. */
  state: 'queued' | 'sending' | 'failed' | 'parked' | 'conflict' | 'sent'
}

type Kind = 'create' | 'update' | 'delete'
const KIND: Record<OutboxOp, Kind> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  upload: 'create',
  rename: 'update',
  tag: 'update',
  file_delete: 'delete',
}

/** The ops of ONE entity, oldest first → what should be sent, oldest first. */
export function coalesce(ops: readonly PendingOp[]): PendingOp[] {
  const out: PendingOp[] = []
  for (const op of ops) {
    const last = out.at(-1)
    if (!last || last.state !== 'queued' || op.state !== 'queued') {
      out.push(op)
      continue
    }
    const merged = merge(last, op)
    if (merged === 'drop-both') out.pop()
    else out[out.length - 1] = merged
  }
  return out
}

function merge(earlier: PendingOp, later: PendingOp): PendingOp | 'drop-both' {
  const [a, b] = [KIND[earlier.op], KIND[later.op]]
  // The earlier op keeps its id: its place in the queue and its client op id (the idempotency key).
  if (a === 'create' && b === 'update') return { ...earlier, payload: { ...earlier.payload, ...later.payload } }
  if (a === 'create' && b === 'delete') return 'drop-both'
  // rename and tag are both PATCHes of a file's metadata: the merged op carries both fields.
  if (a === 'update' && b === 'update') return { ...earlier, payload: { ...earlier.payload, ...later.payload } }
  if (a === 'update' && b === 'delete') return later
  // Nothing follows a delete; a second create of the same entity cannot happen.
  if (a === 'delete') return earlier
  return later
}
