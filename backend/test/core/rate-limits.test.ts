import { errorBodySchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/core/logger.ts';
import { sharedWindow } from '../../src/core/http/rate-limit.ts';
import { startApi, TEST_AUDIENCE, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const limits = { perIpPerMinute: 1000, perActorPerMinute: 40, authFailuresPer15Minutes: 30 };

describe.each(backends)('rate limits on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend, { rateLimits: limits });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('never refuses a valid credential because of failures from the same address', async () => {
    // Enough garbage tokens from this address to spend its failure budget, then more.
    const garbage = await Promise.all(
      Array.from({ length: 40 }, () => h.api('helios_garbage_key', 'GET', '/me')),
    );
    expect(garbage.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(garbage.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    // Valid callers from the very same address, many at once, are served.
    const users = await Promise.all([0, 1, 2].map(() => h.user('user')));
    const valid = await Promise.all(
      users.flatMap((u) => Array.from({ length: 10 }, () => h.api(u.key, 'GET', '/me'))),
    );
    expect(valid.map((r) => r.status)).toEqual(valid.map(() => 200));
    // An add-on user with a Google ID token too.
    const token = h.idToken(`someone@${TEST_DOMAIN}`);
    expect((await h.api(token, 'GET', '/me')).status).toBe(200);
  });

  it('limits each actor on its own, whatever address it comes from', async () => {
    const a = await h.user('user');
    const b = await h.user('user');
    const statuses: number[] = [];
    for (let i = 0; i < limits.perActorPerMinute + 2; i++)
      statuses.push((await h.api(a.key, 'GET', '/me')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limits.perActorPerMinute);
    const refused = await h.api(a.key, 'GET', '/me');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorBodySchema.parse(await refused.json()).error.code).toBe('rate_limited');
    expect((await h.api(b.key, 'GET', '/me')).status).toBe(200);
  });
});

describe('rate limits shared by replicas (PostgreSQL)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('postgres', { rateLimits: { ...limits, authFailuresPer15Minutes: 6 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts failures of two replicas against one budget', async () => {
    // A second app on the same database: another replica.
    const second = createApp({
      db: h.t.handle.db,
      pool: h.t.handle.pool,
      logger: createLogger('silent'),
      organizationId: h.organizationId,
      identity: {
        audiences: [TEST_AUDIENCE],
        orgDomain: TEST_DOMAIN,
        googleApiOrigin: h.simulator.origin,
        bootstrapAdminEmail: undefined,
      },
      dataDir: h.dataDir,
      encryptionKeys: h.encryptionKeys,
      rateLimits: { ...limits, authFailuresPer15Minutes: 6 },
    });
    const server = second.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await h.api('helios_nope', 'GET', '/me')).status);
        statuses.push(
          (
            await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
              headers: { authorization: 'Bearer helios_nope' },
            })
          ).status,
        );
      }
      // Six failures in all, across both replicas, then refused.
      expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('shares one per-actor budget between replicas: each learns what the others spent when it flushes', async () => {
    // Two processes' limiters on one database, a budget of 10 a minute for one user.
    const key = `user-${Date.now()}`;
    // A row of a window long gone: the first flush of a window deletes it.
    await h.t.handle.pool.query(
      `INSERT INTO rate_limits (key, points, expire) VALUES ('test-window:old:1', 5, 60000)`,
    );
    const a = sharedWindow(h.t.handle.pool, 'test-window', 10, 60, 1000);
    const b = sharedWindow(h.t.handle.pool, 'test-window', 10, 60, 1000);
    const spend = async (limiter: typeof a, n: number) => {
      const outcomes: number[] = [];
      for (let i = 0; i < n; i++)
        outcomes.push(
          await limiter.consume(key).then(
            () => 200,
            (e: { status: number }) => e.status,
          ),
        );
      return outcomes;
    };
    expect(await spend(a, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    await a.flush();
    const old = await h.t.handle.pool.query(`SELECT 1 FROM rate_limits WHERE key = 'test-window:old:1'`);
    expect(old.rowCount).toBe(0);
    // b's first request of the window reads the shared total (6) before it is served.
    expect(await spend(b, 5)).toEqual([200, 200, 200, 200, 429]);
    await b.flush();
    // a learns of b's spending with its own next flush: until then it may serve what it sends in
    // one flush interval (the documented overshoot), then refuses.
    expect(await spend(a, 1)).toEqual([200]);
    await a.flush();
    expect(await spend(a, 1)).toEqual([429]);
  });
});
