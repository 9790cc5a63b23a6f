import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../support/databases.ts';
import { startApi, type ApiHarness } from '../support/app.ts';

/** Ends every connection the app holds to its database, as a restart or failover would. */
async function terminateAppConnections(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'helios'`,
      [database],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('a database that drops its connections (PostgreSQL)', () => {
  let h: ApiHarness;
  let key: string;
  let database: string;

  beforeAll(async () => {
    h = await startApi('postgres');
    key = (await h.user('admin')).key;
    database = new URL(h.t.url ?? '').pathname.slice(1);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 503 with Retry-After while connections die under write load, loses nothing acknowledged, and recovers', async () => {
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res = await h.api(key, 'POST', '/vendors', { name: `outage ${n}-${i}` });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acknowledged.push(((await res.json()) as { data: { id: number } }).data.id);
        else {
          expect(res.status).toBe(503);
          expect(res.headers.get('retry-after')).toBe('5');
          const body = (await res.json()) as { error: { code: string } };
          expect(body.error.code).toBe('unavailable');
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    let terminated = 0;
    for (let round = 0; round < 12; round++) {
      await new Promise((r) => setTimeout(r, 60));
      terminated += await terminateAppConnections(database);
    }
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(writers);

    expect(terminated).toBeGreaterThan(0);
    // Connections really died under requests (some answered 503), and work went on between.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect([...statuses.keys()].every((s) => s === 201 || s === 503)).toBe(true);
    // Every write that was acknowledged is there.
    const stored = await h.t.handle.db
      .selectFrom('vendors')
      .select('id')
      .where('id', 'in', acknowledged)
      .execute();
    expect(stored).toHaveLength(acknowledged.length);
    // The process kept serving and works again once the database is back.
    const after = await h.api(key, 'GET', '/vendors?limit=1');
    expect(after.status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('reports the outage on /readyz and answers 503, not 500, while the database refuses connections', async () => {
    // Block new connections to this database, then end the ones the pool holds.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
      await terminateAppConnections(database);
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
      const res = await h.api(key, 'GET', '/vendors');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await h.api(key, 'GET', '/vendors')).status).toBe(200);
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(h.t.handle.db)).rows[0]?.one).toBe(1);
  });
});
