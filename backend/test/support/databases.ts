import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  openEmbeddedDatabase,
  openServerDatabase,
  type DatabaseHandle,
} from '../../src/core/db/connection.ts';

/** The two databases every database test runs against. */
export const backends = ['postgres', 'pglite'] as const;
export type Backend = (typeof backends)[number];

/**
 * Where the real PostgreSQL server is; tests create and drop their own databases there. CI starts
 * the server when it is down (.ci/run).
 */
export const adminUrl = process.env.HELIOS_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  backend: Backend;
  handle: DatabaseHandle;
  /** Connection string (postgres only): lets a test open a second pool or start a server on it. */
  url: string | undefined;
  /** Closes the handle and drops the database. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database on the test server; returns its connection string. */
export async function createPostgresDatabase(
  label = 'helios',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh, empty database of the given kind (no migrations applied). */
export async function createTestDatabase(backend: Backend, label?: string): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const handle = await openEmbeddedDatabase({ dataDir: 'memory://' });
    return { backend, handle, url: undefined, drop: () => handle.close() };
  }
  const created = await createPostgresDatabase(label);
  const handle = openServerDatabase({ connectionString: created.url, max: 5 });
  return {
    backend,
    handle,
    url: created.url,
    async drop() {
      await handle.close();
      await created.drop();
    },
  };
}
