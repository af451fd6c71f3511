// The list's orders, written exactly as migrations/0009's indexes spell them, so SQLite reads a page off
// an index instead of sorting 100,000 rows. Every order ends in the project id, so it is total, and a
// page can start after a row (keyset paging): the row's key is the cursor.
import { type RawBuilder, sql } from 'kysely'
import type { ProjectSortField } from '../../src-shared/contract'
import { AppError } from '../errors'

type Direction = 'asc' | 'desc'

/** The terms an order is made of, first to last; each sorts the same way (one index walk, either way). */
interface ListOrder {
  terms: string[]
  direction: Direction
}

// Spelled as migrations/0009's index spells it: SQLite uses an index on an expression only for that expression.
const CHANGED = 'coalesce(projects.modified_local, projects.modified_remote)'
const CHANGED_KEY = `coalesce(projects.modified_local, projects.modified_remote, '')`

/**
 * A key that may be null sorts last either way: a flag term first (0 before 1 going up; for a walk down,
 * 1 = has a value, so values come first again). Indexed: title and locality both ways, stage up, recently
 * changed down (what the window offers); the other two work, with a sort.
 */
function orderTerms(sort: ProjectSortField, direction: Direction): string[] {
  switch (sort) {
    case 'title':
      return ['projects.title_sort', 'projects.id']
    case 'locality':
      return ['projects.locality', 'projects.id']
    case 'stage':
      return [
        direction === 'asc' ? 'projects.stage is null' : 'projects.stage is not null',
        `coalesce(projects.stage, '')`,
        'projects.id',
      ]
    case 'modifiedAt':
      return [direction === 'asc' ? `${CHANGED} is null` : `${CHANGED} is not null`, CHANGED_KEY, 'projects.id']
  }
}

export function listOrder(sort: ProjectSortField, direction: Direction): ListOrder {
  return { terms: orderTerms(sort, direction), direction }
}

/** ORDER BY for the list. */
export function orderBy(order: ListOrder): RawBuilder<unknown> {
  return sql.raw(order.terms.map((t) => `${t} ${order.direction}`).join(', '))
}

/** The order's key of a row, selected alongside it (to make the cursor of the row). */
export function keyColumns(order: ListOrder) {
  return order.terms.map((term, i) => sql.raw<string | number>(term).as(`k${i}`))
}

/** Rows after (`before: false`) or before the one whose key is given, in the list's order. */
export function beyond(order: ListOrder, key: readonly unknown[], before = false): RawBuilder<boolean> {
  const forward = (order.direction === 'asc') !== before
  return sql<boolean>`(${sql.raw(order.terms.join(', '))}) ${sql.raw(forward ? '>' : '<')} (${sql.join(key.map((k) => sql`${k}`))})`
}

/** A cursor is the last row's key; it is opaque to the window, and checked when it comes back. */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string, order: ListOrder): unknown[] {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    key = null
  }
  if (
    !Array.isArray(key) ||
    key.length !== order.terms.length ||
    !key.every((k) => typeof k === 'string' || typeof k === 'number')
  )
    throw new AppError('invalid_input', 'That place in the list is no longer valid. Scroll back to the top.')
  return key
}
