import { setTimeout as sleep } from 'node:timers/promises';
import { assetTypes, roles, ticketPriorities, ticketSources } from '@helios/shared';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { requiredTables, seedTables } from '../fixtures/seed-schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const deleteRules: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

interface Catalog {
  tables: Set<string>;
  columns: Map<string, string[]>;
  foreignKeys: Map<
    string,
    { columns: string[]; references: string; referencedColumns: string[]; onDelete: string }[]
  >;
  uniques: Map<string, string[][]>;
  primaryKeys: Map<string, string[]>;
  /** Leading column lists of every index, per table (for the "FKs are indexed" rule). */
  indexes: Map<string, string[][]>;
}

async function readCatalog<T>(db: Kysely<T>): Promise<Catalog> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema()`.execute(db);
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db);
  const fks = await sql<{
    table_name: string;
    columns: string[];
    references: string;
    referenced_columns: string[];
    deltype: string;
  }>`
    SELECT c.conrelid::regclass::text AS table_name,
           array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
           c.confrelid::regclass::text AS references,
           array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced_columns,
           c.confdeltype::text AS deltype
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`.execute(db);
  const indexes = await sql<{
    table_name: string;
    columns: string[];
    is_unique: boolean;
    is_primary: boolean;
    plain: boolean;
  }>`
    SELECT i.indrelid::regclass::text AS table_name,
           array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
                 WHERE k.o <= i.indnkeyatts ORDER BY k.o) AS columns,
           i.indisunique AS is_unique, i.indisprimary AS is_primary,
           (i.indexprs IS NULL AND i.indpred IS NULL) AS plain
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema()`.execute(db);

  const catalog: Catalog = {
    tables: new Set(tables.rows.map((r) => r.name)),
    columns: new Map(),
    foreignKeys: new Map(),
    uniques: new Map(),
    primaryKeys: new Map(),
    indexes: new Map(),
  };
  const push = <V>(map: Map<string, V[]>, key: string, value: V) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (const r of columns.rows) push(catalog.columns, r.table_name, r.column_name);
  for (const r of fks.rows) {
    push(catalog.foreignKeys, r.table_name, {
      columns: r.columns,
      references: r.references,
      referencedColumns: r.referenced_columns,
      onDelete: deleteRules[r.deltype] ?? r.deltype,
    });
  }
  for (const r of indexes.rows) {
    push(catalog.indexes, r.table_name, r.columns);
    if (r.is_primary) catalog.primaryKeys.set(r.table_name, r.columns);
    else if (r.is_unique && r.plain) push(catalog.uniques, r.table_name, r.columns);
  }
  return catalog;
}

describe.each(backends)('schema on %s', (backend) => {
  let t: TestDatabase;
  let catalog: Catalog;
  beforeAll(async () => {
    t = await createTestDatabase(backend, 'schema');
    await migrateToLatest(t.handle.db);
    catalog = await readCatalog(t.handle.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('has every table the seeds name', () => {
    const missing = requiredTables.filter((name) => !catalog.tables.has(name));
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(seedTables))('%s keeps the seed columns, keys and uniques', (table, spec) => {
    const columns = catalog.columns.get(table) ?? [];
    expect(
      spec.columns.filter((c) => !columns.includes(c)),
      'missing columns',
    ).toEqual([]);
    expect(catalog.primaryKeys.get(table)).toEqual(spec.primaryKey);
    const fks = catalog.foreignKeys.get(table) ?? [];
    for (const fk of spec.foreignKeys) {
      expect(fks, `foreign key ${fk.columns.join(',')} → ${fk.references}`).toContainEqual(fk);
    }
    const uniques = (catalog.uniques.get(table) ?? []).map((u) => u.join(','));
    for (const unique of spec.uniques)
      expect(uniques, `unique (${unique.join(', ')})`).toContain(unique.join(','));
  });

  it('indexes every foreign key', () => {
    const unindexed: string[] = [];
    for (const [table, fks] of catalog.foreignKeys) {
      const indexes = catalog.indexes.get(table) ?? [];
      for (const fk of fks) {
        const covered = indexes.some((cols) => fk.columns.every((c, i) => cols[i] === c));
        if (!covered) unindexed.push(`${table}(${fk.columns.join(',')})`);
      }
    }
    expect(unindexed).toEqual([]);
  });

  it('keeps one organization per installation', async () => {
    await sql`INSERT INTO organizations (name, primary_domain) VALUES ('One', 'one.example')`.execute(
      t.handle.db,
    );
    await expect(
      sql`INSERT INTO organizations (name, primary_domain) VALUES ('Two', 'two.example')`.execute(
        t.handle.db,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organizations`.execute(
      t.handle.db,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('moves updated_at on a real change only', async () => {
    const db = t.handle.db;
    const { rows } = await sql<{ id: number; updated_at: Date }>`
      INSERT INTO vendors (organization_id, name) SELECT id, 'Acme' FROM organizations RETURNING id, updated_at`.execute(
      db,
    );
    const created = rows[0];
    if (!created) throw new Error('no vendor');
    await sleep(20);
    const same = await sql<{ updated_at: Date }>`
      UPDATE vendors SET name = 'Acme' WHERE id = ${created.id} RETURNING updated_at`.execute(db);
    expect(same.rows[0]?.updated_at.getTime()).toBe(created.updated_at.getTime());
    const changed = await sql<{ updated_at: Date }>`
      UPDATE vendors SET name = 'Acme Ltd' WHERE id = ${created.id} RETURNING updated_at`.execute(db);
    expect(changed.rows[0]?.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
  });

  it('does not move updated_at when a record is only read (last_accessed_at)', async () => {
    const db = t.handle.db;
    const { rows } = await sql<{ id: number; updated_at: Date }>`
      INSERT INTO organization_users (organization_id, email, role)
      SELECT id, 'reader@one.example', 'user' FROM organizations RETURNING id, updated_at`.execute(db);
    const user = rows[0];
    if (!user) throw new Error('no user');
    await sleep(20);
    const read = await sql<{ updated_at: Date; last_accessed_at: Date }>`
      UPDATE organization_users SET last_accessed_at = now() WHERE id = ${user.id}
      RETURNING updated_at, last_accessed_at`.execute(db);
    expect(read.rows[0]?.last_accessed_at).toBeInstanceOf(Date);
    expect(read.rows[0]?.updated_at.getTime()).toBe(user.updated_at.getTime());
  });

  it('rejects an invalid role or priority with a CHECK, and takes the valid ones', async () => {
    const db = t.handle.db;
    await expect(
      sql`INSERT INTO organization_users (organization_id, email, role)
          SELECT id, 'x@one.example', 'superuser' FROM organizations`.execute(db),
    ).rejects.toMatchObject({ code: '23514' });
    const status = await sql<{ id: number }>`
      INSERT INTO ticket_statuses (organization_id, name) SELECT id, 'New' FROM organizations RETURNING id`.execute(
      db,
    );
    const insertTicket = (priority: string) =>
      sql`
      INSERT INTO tickets (organization_id, number, subject, details, priority, status_id, created_by_user_id)
      SELECT o.id, ${priority === 'high' ? 1 : 2}, 'Printer', 'Jammed', ${priority}, ${status.rows[0]?.id},
             (SELECT id FROM organization_users WHERE email = 'reader@one.example')
      FROM organizations o`.execute(db);
    await expect(insertTicket('whenever')).rejects.toMatchObject({ code: '23514' });
    await expect(insertTicket('high')).resolves.toBeDefined();
  });

  it('enforces in the database exactly the enumerations the API validates', async () => {
    const checkValues = async (table: string, column: string): Promise<string[]> => {
      const { rows } = await sql<{ def: string }>`
        SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = ${table}::regclass AND c.contype = 'c'
          AND pg_get_constraintdef(c.oid) LIKE ${`%${column}%`}`.execute(t.handle.db);
      const def = rows[0]?.def ?? '';
      return [...def.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '').sort();
    };
    expect(await checkValues('organization_users', 'role')).toEqual([...roles].sort());
    expect(await checkValues('tickets', 'priority')).toEqual([...ticketPriorities].sort());
    expect(await checkValues('tickets', 'source')).toEqual([...ticketSources].sort());
    expect(await checkValues('assets', 'asset_type')).toEqual([...assetTypes].sort());
  });
});
