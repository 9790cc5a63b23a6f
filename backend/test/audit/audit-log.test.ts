import { auditLogSchema, errorBodySchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, withoutSecrets } from '../../src/core/audit.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe('secrets never enter the audit log', () => {
  it('redacts secret-looking keys at any depth', () => {
    expect(
      withoutSecrets({
        name: 'VPN',
        password: 'hunter2',
        nested: { otpSecret: 'JBSWY3DP', list: [{ api_key: 'k' }] },
        key_hash: 'ab',
      }),
    ).toEqual({
      name: 'VPN',
      password: '[redacted]',
      nested: { otpSecret: '[redacted]', list: [{ api_key: '[redacted]' }] },
      key_hash: '[redacted]',
    });
  });
});

describe.each(backends)('audit log on %s', (backend) => {
  let h: ApiHarness;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  const auditCount = async () =>
    (
      await h.t.handle.db
        .selectFrom('audit_logs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a successful mutation leaves exactly one row; a failed validation leaves none', async () => {
    const before = await auditCount();
    const bad = await h.api(admin.key, 'POST', '/api-keys', { name: 42 });
    expect(bad.status).toBe(400);
    expect(await auditCount()).toBe(before);
    const good = await h.api(admin.key, 'POST', '/api-keys', { name: 'nightly export' });
    expect(good.status).toBe(201);
    expect(await auditCount()).toBe(before + 1);
    const { data } = (await good.json()) as { data: { id: number; key: string } };
    const rows = await h.t.handle.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('entity_type', '=', 'api_key')
      .where('entity_id', '=', data.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'create',
      user_id: admin.user.id,
      user_agent: expect.any(String),
    });
    expect(JSON.stringify(rows[0])).not.toContain(data.key);
  });

  it('a change that rolls back takes its audit row with it', async () => {
    const before = await auditCount();
    await expect(
      h.t.handle.db.transaction().execute(async (trx) => {
        await recordAudit(
          trx,
          { organizationId: h.organizationId, actor: { userId: admin.user.id }, ip: null, userAgent: null },
          { action: 'update', entityType: 'asset', entityId: 1 },
        );
        await trx
          .insertInto('organizations')
          .values({ name: 'second', primary_domain: 'x.example' })
          .execute(); // violates single-tenant
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await auditCount()).toBe(before);
  });

  it('admins page through the log newest first and filter it', async () => {
    for (let i = 0; i < 5; i++) await h.api(admin.key, 'POST', '/api-keys', { name: `k${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.api(
        admin.key,
        'GET',
        `/audit-logs?entityType=api_key&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: unknown[]; nextCursor: string | null };
      for (const item of body.data) seen.push(auditLogSchema.parse(item).id);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);

    const byUser = (await (
      await h.api(admin.key, 'GET', `/audit-logs?userId=${admin.user.id}&action=create`)
    ).json()) as { data: { userId: number; action: string }[] };
    expect(byUser.data.length).toBeGreaterThan(0);
    expect(byUser.data.every((r) => r.userId === admin.user.id && r.action === 'create')).toBe(true);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    const none = (await (
      await h.api(admin.key, 'GET', `/audit-logs?from=${encodeURIComponent(future)}`)
    ).json()) as { data: unknown[] };
    expect(none.data).toEqual([]);
  });

  it('is for admins only, and rejects bad filters and cursors', async () => {
    const manager = await h.user('manager');
    expect((await h.api(manager.key, 'GET', '/audit-logs')).status).toBe(403);
    for (const q of ['?limit=0', '?cursor=%%%', '?from=yesterday', '?entityId=-3', '?bogus=1']) {
      const res = await h.api(admin.key, 'GET', `/audit-logs${q}`);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
  });
});
