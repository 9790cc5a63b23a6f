import { type Kysely, sql } from 'kysely';
import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { migrations } from '../../../../migrations/index.ts';

export const MIGRATION_TABLE = 'kysely_migration';

// Migrators are typed over `unknown` rows: they run before (and independently of) today's types.
function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

/** Thrown when a migration fails; the whole batch was rolled back (PostgreSQL has transactional DDL). */
export class MigrationError extends Error {
  readonly migrationName: string | undefined;
  constructor(migrationName: string | undefined, cause: unknown) {
    super(
      `Migration ${migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'MigrationError';
    this.migrationName = migrationName;
    this.cause = cause;
  }
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Applies every pending migration, all in one transaction. kysely takes a PostgreSQL advisory lock
 * first, so of two backends starting at once one migrates and the other waits, then finds nothing
 * left to do.
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migrator(db as Kysely<unknown>).migrateToLatest());
}

/** Undoes the last `steps` migrations, or all of them with `'all'`. Returns the names undone. */
export async function rollback<T>(db: Kysely<T>, steps: number | 'all' = 1): Promise<string[]> {
  const m = migrator(db as Kysely<unknown>);
  if (steps === 'all') return unwrap(await m.migrateTo(NO_MIGRATIONS));
  const undone: string[] = [];
  for (let i = 0; i < steps; i++) {
    const names = unwrap(await m.migrateDown());
    if (names.length === 0) break;
    undone.push(...names);
  }
  return undone;
}

/** Names of migrations known to the code but not yet applied to the database. */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const known = Object.keys(migrations);
  const exists = await sql<{
    exists: boolean;
  }>`SELECT to_regclass(${MIGRATION_TABLE}) IS NOT NULL AS exists`.execute(db);
  if (!exists.rows[0]?.exists) return known;
  const applied = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(db);
  const done = new Set(applied.rows.map((r) => r.name));
  return known.filter((name) => !done.has(name));
}

export const allMigrationNames = (): string[] => Object.keys(migrations);
