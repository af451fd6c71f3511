import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'
import { textOf } from '../../src-shared/text-of'

export const MIGRATION_TABLE = 'schema_migrations'

export function createMigrator(db: Kysely<unknown>, migrations: Record<string, Migration>): Migrator {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }
  return new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  })
}

/** Applies pending migrations in one transaction; returns the name of the newest applied. */
export async function runMigrations(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<string> {
  const { error, results } = await createMigrator(db, migrations).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    const message = textOf(error)
    throw new Error(failed ? `migration ${failed} failed: ${message}` : message, { cause: error })
  }
  const names = Object.keys(migrations).sort()
  return names.at(-1) ?? 'none'
}
