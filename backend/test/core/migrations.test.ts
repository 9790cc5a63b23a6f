import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase } from '../../src/core/db/connection.ts';
import {
  allMigrationNames,
  migrateToLatest,
  pendingMigrations,
  rollback,
} from '../../src/core/db/migrate.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

async function userTables(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name NOT LIKE 'kysely_migration%'
    ORDER BY table_name`.execute(t.handle.db);
  return rows.map((r) => r.table_name);
}

describe.each(backends)('migrations on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend, 'migrations');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('applies every migration from empty', async () => {
    expect(await userTables(t)).toEqual([]);
    expect(await pendingMigrations(t.handle.db)).toEqual(allMigrationNames());
    const applied = await migrateToLatest(t.handle.db);
    expect(applied).toEqual(allMigrationNames());
    expect(await pendingMigrations(t.handle.db)).toEqual([]);
    expect((await userTables(t)).length).toBeGreaterThan(70);
  });

  it('is a no-op when already current', async () => {
    expect(await migrateToLatest(t.handle.db)).toEqual([]);
  });

  it('rolls down to zero, leaving no table behind, and up again', async () => {
    const undone = await rollback(t.handle.db, 'all');
    expect(undone).toEqual([...allMigrationNames()].reverse());
    expect(await userTables(t)).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND p.proname = 'helios_set_updated_at'`.execute(t.handle.db);
    expect(rows[0]?.n).toBe(0);
    expect(await migrateToLatest(t.handle.db)).toEqual(allMigrationNames());
  });

  it('rolls back one step at a time', async () => {
    const names = allMigrationNames();
    expect(await rollback(t.handle.db, 1)).toEqual([names.at(-1)]);
    expect(await pendingMigrations(t.handle.db)).toEqual([names.at(-1)]);
    expect(await migrateToLatest(t.handle.db)).toEqual([names.at(-1)]);
  });

  it('lets one of two concurrent migrators apply everything while the other waits and applies nothing', async () => {
    await rollback(t.handle.db, 'all');
    // On a server the second migrator is a second pool (a second backend); PGlite has one
    // connection, so there the pool itself serialises them.
    const second = t.url ? openServerDatabase({ connectionString: t.url, max: 2 }) : t.handle;
    try {
      const results = await Promise.all([migrateToLatest(t.handle.db), migrateToLatest(second.db)]);
      const sorted = results.map((r) => r.length).sort((a, b) => a - b);
      expect(sorted).toEqual([0, allMigrationNames().length]);
      expect(await pendingMigrations(t.handle.db)).toEqual([]);
    } finally {
      if (second !== t.handle) await second.close();
    }
  });
});
