import { errorBodySchema } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe.each(backends)('API keys on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('are shown once, stored hashed, never listed with their secret', async () => {
    const admin = await h.user('admin');
    const res = await h.api(admin.key, 'POST', '/api-keys', {
      name: 'backup job',
      userEmail: admin.user.email,
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: number; key: string; prefix: string } };
    expect(data.key.startsWith(data.prefix)).toBe(true);
    expect(data.key).toMatch(/^helios_[0-9a-f]{12}_/);
    const { rows } = await sql<{ found: number }>`
      SELECT count(*)::int AS found FROM api_keys WHERE key_hash = ${data.key} OR prefix = ${data.key}`.execute(
      h.t.handle.db,
    );
    expect(rows[0]?.found).toBe(0);
    const list = await h.api(admin.key, 'GET', '/api-keys');
    const text = await list.text();
    expect(text).toContain(data.prefix);
    expect(text).not.toContain(data.key);
    expect(text).not.toMatch(/keyHash|key_hash/);
  });

  it('are for admins only, and bad input is a 400 that writes nothing', async () => {
    const manager = await h.user('manager');
    const forbidden = await h.api(manager.key, 'POST', '/api-keys', { name: 'x' });
    expect(forbidden.status).toBe(403);
    const admin = await h.user('admin');
    const count = async () =>
      (
        await h.t.handle.db
          .selectFrom('api_keys')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    for (const body of [
      {},
      { name: '' },
      { name: 'x', extra: 1 },
      { name: 'x', userId: -1 },
      { name: 'x', expiresAt: 'tomorrow' },
      { name: 'x', userEmail: 'nobody@acme.example' },
    ]) {
      const res = await h.api(admin.key, 'POST', '/api-keys', body);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect(await count()).toBe(before);
  });
});
