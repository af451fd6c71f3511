import type BetterSqlite3 from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/**
 * The database as Kysely sees it, with each SQL text prepared once and reused. Kysely prepares every
 * query it runs; SQLite's prepare (parse and plan) costs more than the few-row statements an edit runs,
 * so without this an edit spends most of its time preparing what it prepared a moment ago.
 *
 * A statement still being iterated (a streamed query not yet finished) cannot run again: that one
 * query gets a statement of its own. The cache keeps the most recently used texts, a few hundred at
 * most: queries are built from code, not from input, so their texts are few.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, limit = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => {
      cache.clear()
      sqlite.close()
    },
    prepare: (text: string): SqliteStatement => {
      const cached = cache.get(text)
      if (cached && !cached.busy) {
        // Most recently used last: the first key is the one to drop when full.
        cache.delete(text)
        cache.set(text, cached)
        return cached
      }
      const statement = sqlite.prepare(text)
      if (!cached) {
        cache.set(text, statement)
        if (cache.size > limit) cache.delete(cache.keys().next().value!)
      }
      return statement
    },
  }
}
