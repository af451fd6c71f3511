import { describe, expect, it } from 'vitest'
import { coalesce, type PendingOp } from '../../../src-main/sync/outbox/coalesce'

let next = 1
const op = (
  kind: PendingOp['op'],
  payload: Record<string, unknown> = {},
  state: PendingOp['state'] = 'queued',
): PendingOp => ({ id: next++, op: kind, payload, state })
const upd = (payload: Record<string, unknown>, state?: PendingOp['state']) => op('update', payload, state)
const create = (payload: Record<string, unknown>, state?: PendingOp['state']) => op('create', payload, state)
const del = (state?: PendingOp['state']) => op('delete', {}, state)
const shape = (ops: PendingOp[]) => ops.map((o) => [o.op, o.payload, o.state])

describe('coalesce', () => {
  it.each([
    ['nothing', [], []],
    ['one update', [upd({ notes: 'a' })], [['update', { notes: 'a' }, 'queued']]],
    [
      'update then update',
      [upd({ notes: 'a' }), upd({ notes: 'b', stage: 'Sold' })],
      [['update', { notes: 'b', stage: 'Sold' }, 'queued']],
    ],
    [
      'three updates of different fields',
      [upd({ notes: 'a' }), upd({ lat: 1 }), upd({ notes: 'c' })],
      [['update', { notes: 'c', lat: 1 }, 'queued']],
    ],
    [
      'create then update',
      [create({ title: 'x' }), upd({ notes: 'n' })],
      [['create', { title: 'x', notes: 'n' }, 'queued']],
    ],
    [
      'create then update of the same field',
      [create({ title: 'x' }), upd({ title: 'y' })],
      [['create', { title: 'y' }, 'queued']],
    ],
    ['create then delete', [create({ title: 'x' }), del()], []],
    ['create, update, delete', [create({ title: 'x' }), upd({ notes: 'n' }), del()], []],
    ['update then delete', [upd({ notes: 'a' }), del()], [['delete', {}, 'queued']]],
    ['delete then update (edit of a deleted project)', [del(), upd({ notes: 'late' })], [['delete', {}, 'queued']]],
    [
      'upload then rename',
      [op('upload', { title: 'a.jpg' }), op('rename', { title: 'roof.jpg' })],
      [['upload', { title: 'roof.jpg' }, 'queued']],
    ],
    ['upload then file_delete', [op('upload', { title: 'a.jpg' }), op('file_delete')], []],
    [
      'rename then rename',
      [op('rename', { title: 'a' }), op('rename', { title: 'b' })],
      [['rename', { title: 'b' }, 'queued']],
    ],
    [
      'rename then tag',
      [op('rename', { title: 'a' }), op('tag', { tags: ['Site Photo'] })],
      [['rename', { title: 'a', tags: ['Site Photo'] }, 'queued']],
    ],
    ['rename then file_delete', [op('rename', { title: 'a' }), op('file_delete')], [['file_delete', {}, 'queued']]],
    [
      'a create being sent is not merged with what follows',
      [create({ title: 'x' }, 'sending'), upd({ notes: 'n' })],
      [
        ['create', { title: 'x' }, 'sending'],
        ['update', { notes: 'n' }, 'queued'],
      ],
    ],
    [
      'an update being sent, then updates',
      [upd({ notes: 'a' }, 'sending'), upd({ notes: 'b' }), upd({ lat: 2 })],
      [
        ['update', { notes: 'a' }, 'sending'],
        ['update', { notes: 'b', lat: 2 }, 'queued'],
      ],
    ],
    [
      'a create being sent, then delete',
      [create({ title: 'x' }, 'sending'), del()],
      [
        ['create', { title: 'x' }, 'sending'],
        ['delete', {}, 'queued'],
      ],
    ],
    [
      'a parked update is kept apart from later edits',
      [upd({ stage: 'Bad' }, 'parked'), upd({ notes: 'n' })],
      [
        ['update', { stage: 'Bad' }, 'parked'],
        ['update', { notes: 'n' }, 'queued'],
      ],
    ],
  ] as const)('%s', (_name, queued, sent) => {
    expect(shape(coalesce(queued as unknown as PendingOp[]))).toEqual(sent)
  })

  it('keeps the earlier op’s id (its place in the queue and its idempotency key)', () => {
    const first = create({ title: 'x' })
    const [merged] = coalesce([first, upd({ notes: 'n' })])
    expect(merged!.id).toBe(first.id)
  })

  it('does not change its input', () => {
    const ops = [upd({ notes: 'a' }), upd({ notes: 'b' })]
    const copy = structuredClone(ops)
    coalesce(ops)
    expect(ops).toEqual(copy)
  })
})
