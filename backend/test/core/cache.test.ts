// The per-process caches (backend/src/core/cache.ts): what every request reads is served from
// memory, and a revocation, deactivation or demotion is refused within the documented bound —
// at once in the process that wrote it, within milliseconds (the NOTIFY) in any other, and
// within HELIOS_CACHE_SECONDS when no notification arrives at all.
import { meSchema } from '@helios/shared';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachCaches, cachesOf, type Listen, startCaches } from '../../src/core/cache.ts';
import type { Database } from '../../src/core/db/schema.ts';
import { userOfApiKey } from '../../src/core/http/authenticate.ts';
import { customFieldsFor } from '../../src/core/records/queries/custom-fields.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** Polls `probe` until it is true; the milliseconds that took (fails after `limitMs`). */
async function msUntil(probe: () => Promise<boolean>, limitMs: number): Promise<number> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe.each(backends)('caches on %s', (backend) => {
  let h: ApiHarness;
  /**
   * Writes as another replica would: the same database, but not through this process's handle
   * (whose writes drop cached entries at once), so only the database's NOTIFY can tell.
   */
  let elsewhere: Kysely<Database>;
  beforeAll(async () => {
    h = await startApi(backend);
    elsewhere = new Kysely<Database>({ dialect: new PostgresDialect({ pool: h.t.handle.pool }) });
  });
  afterAll(async () => {
    await h?.close();
  });

  const me = async (key: string) => h.api(key, 'GET', '/me');
  const refused = async (key: string) => (await me(key)).status === 401;
  /** Whether the key's actor is being served from the cache (one lookup every few seconds). */
  const lookupsOf = async (key: string, n: number) => {
    let loads = 0;
    const caches = cachesOf(h.t.handle.db);
    expect(caches?.live).toBe(true);
    for (let i = 0; i < n; i++) {
      await caches?.get('actors', `probe:${key}`, async () => {
        loads++;
        return true;
      });
    }
    return loads;
  };

  it('serves a key’s actor from memory, and refuses it as soon as this process revokes it', async () => {
    const { user, key } = await h.user('manager');
    expect((await me(key)).status).toBe(200);
    expect(await lookupsOf(key, 5)).toBe(1);
    await h.t.handle.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', user.id)
      .execute();
    expect((await me(key)).status).toBe(401);
  });

  it('refuses a key revoked, a person deactivated and a role demoted by another replica within 1 s', async () => {
    const revoked = await h.user('manager');
    const deactivated = await h.user('manager');
    const demoted = await h.user('admin');
    for (const { key } of [revoked, deactivated, demoted]) expect((await me(key)).status).toBe(200);

    await elsewhere
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', revoked.user.id)
      .execute();
    expect(await msUntil(() => refused(revoked.key), 1000)).toBeLessThan(1000);

    await elsewhere
      .updateTable('organization_users')
      .set({ is_active: false })
      .where('id', '=', deactivated.user.id)
      .execute();
    expect(await msUntil(() => refused(deactivated.key), 1000)).toBeLessThan(1000);

    await elsewhere
      .updateTable('organization_users')
      .set({ role: 'user' })
      .where('id', '=', demoted.user.id)
      .execute();
    const demotedWithin = await msUntil(async () => {
      const res = await me(demoted.key);
      return meSchema.parse(((await res.json()) as { data: unknown }).data).role === 'user';
    }, 1000);
    expect(demotedWithin).toBeLessThan(1000);
    // …and what the role allowed is refused with it.
    expect((await h.api(demoted.key, 'GET', '/audit-logs')).status).toBe(403);
  });

  it('drops custom-field definitions when they change anywhere', async () => {
    const org = h.organizationId;
    const db = h.t.handle.db;
    expect(await customFieldsFor(db, org, 'assets')).toHaveLength(0);
    await elsewhere
      .insertInto('custom_fields')
      .values({
        organization_id: org,
        table_name: 'assets',
        field_name: 'cost_centre',
        field_label: 'Cost centre',
        field_type: 'text',
      })
      .execute();
    expect(
      await msUntil(async () => (await customFieldsFor(db, org, 'assets')).length === 1, 1000),
    ).toBeLessThan(1000);
  });

  it('bounds a lost notification by the TTL, and caches nothing without a listener', async () => {
    // A listener that never hears anything: only the TTL can end a cached entry.
    const deaf: Listen = async () => async () => {};
    const caches = await startCaches(deaf, { ttlMs: 300 });
    const replica = new Kysely<Database>({ dialect: new PostgresDialect({ pool: h.t.handle.pool }) });
    attachCaches(replica, caches);
    try {
      const { user, key } = await h.user('manager');
      await userOfApiKey(replica, h.organizationId, key);
      await sql`UPDATE api_keys SET revoked_at = now() WHERE user_id = ${user.id}`.execute(elsewhere);
      // Still served from memory right after the revocation (no notification came)…
      await expect(userOfApiKey(replica, h.organizationId, key)).resolves.toBeDefined();
      // …and refused once the entry's TTL is over.
      await new Promise((r) => setTimeout(r, 350));
      await expect(userOfApiKey(replica, h.organizationId, key)).rejects.toMatchObject({ status: 401 });
    } finally {
      await caches.close();
    }

    // A listener that cannot connect: nothing is cached, every lookup reads the database.
    const down: Listen = async () => {
      throw new Error('no connection');
    };
    const offline = await startCaches(down, { ttlMs: 60_000 });
    try {
      expect(offline.live).toBe(false);
      let loads = 0;
      for (let i = 0; i < 3; i++) await offline.get('actors', 'x', async () => ++loads);
      expect(loads).toBe(3);
    } finally {
      await offline.close();
    }
  });
});
