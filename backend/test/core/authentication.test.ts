import { generateKeyPairSync } from 'node:crypto';
import { errorBodySchema, meSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN, startApi, TEST_AUDIENCE, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const now = () => Math.floor(Date.now() / 1000);

async function expect401(res: Response, message?: RegExp): Promise<void> {
  expect(res.status).toBe(401);
  const body = errorBodySchema.parse(await res.json());
  expect(body.error.code).toBe('unauthenticated');
  if (message) expect(body.error.message).toMatch(message);
}

describe.each(backends)('authentication on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const me = (token: string | undefined) => h.api(token, 'GET', '/me');
  const foreignKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

  describe('the token matrix: each case is 401 with the error shape', () => {
    const cases: [string, () => string | undefined, RegExp][] = [
      ['missing header', () => undefined, /Missing Authorization/],
      ['garbage', () => 'not-a-token', /Unrecognised/],
      ['a JWT-shaped string that is not JSON', () => 'aaaa.bbbb.cccc', /malformed|could not be verified/],
      [
        'bad signature (right kid, other key)',
        () =>
          h.simulator.idTokens.sign(
            { aud: TEST_AUDIENCE, email: 'a@acme.example', email_verified: true, hd: 'acme.example' },
            { privateKey: foreignKey },
          ),
        /signature/,
      ],
      [
        'unknown kid',
        () =>
          h.simulator.idTokens.sign(
            { aud: TEST_AUDIENCE, email: 'a@acme.example', email_verified: true, hd: 'acme.example' },
            { kid: 'nope' },
          ),
        /unknown key/,
      ],
      ['expired', () => h.idToken('a@acme.example', { iat: now() - 7200, exp: now() - 3600 }), /expired/],
      [
        'not yet valid (issued in the future)',
        () => h.idToken('a@acme.example', { iat: now() + 3600, exp: now() + 7200 }),
        /not yet valid/,
      ],
      ['not yet valid (nbf)', () => h.idToken('a@acme.example', { nbf: now() + 3600 }), /not yet valid/],
      [
        'wrong audience',
        () => h.idToken('a@acme.example', { aud: 'someone-else.apps.googleusercontent.com' }),
        /audience/,
      ],
      ['wrong issuer', () => h.idToken('a@acme.example', { iss: 'https://evil.example' }), /issuer/],
      ['foreign hd', () => h.idToken('a@other.example', { hd: 'other.example' }), /another Workspace domain/],
      ['no hd (consumer account)', () => h.idToken('a@gmail.com', { hd: undefined }), /no hd/],
      ['email not verified', () => h.idToken('a@acme.example', { email_verified: false }), /not verified/],
      ['a well-formed but unknown API key', () => `helios_0123456789ab_${'A'.repeat(43)}`, /Unknown API key/],
    ];
    it.each(cases)('%s', async (_name, token, message) => {
      await expect401(await me(token()), message);
    });

    it('deactivated or archived user', async () => {
      const inactive = await h.user('manager', undefined, { is_active: false });
      await expect401(await me(inactive.key), /deactivated/);
      await expect401(await me(h.idToken(inactive.user.email)), /deactivated/);
      const archived = await h.user('user', undefined, { archived_at: new Date() });
      await expect401(await me(archived.key), /archived/);
    });

    it('revoked and expired API keys', async () => {
      const admin = await h.user('admin');
      const created = await h.api(admin.key, 'POST', '/api-keys', { name: 'script' });
      expect(created.status).toBe(201);
      const { data } = (await created.json()) as { data: { id: number; key: string } };
      expect((await me(data.key)).status).toBe(200);
      const revoke = await h.api(admin.key, 'POST', `/api-keys/${data.id}/revoke`);
      expect(revoke.status).toBe(200);
      await expect401(await me(data.key), /revoked/);

      const soon = new Date(Date.now() + 1500).toISOString();
      const expiring = await h.api(admin.key, 'POST', '/api-keys', { name: 'short', expiresAt: soon });
      const { data: short } = (await expiring.json()) as { data: { key: string } };
      expect((await me(short.key)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1600));
      await expect401(await me(short.key), /expired/);
    });
  });

  describe('valid identities', () => {
    it('a valid ID token of a known user → 200 with role and abilities', async () => {
      const { user } = await h.user('manager');
      const res = await me(h.idToken(user.email.toUpperCase()));
      expect(res.status).toBe(200);
      const body = meSchema.parse(((await res.json()) as { data: unknown }).data);
      expect(body).toMatchObject({ id: user.id, email: user.email, role: 'manager' });
      expect(body.abilities).toMatchObject({
        revealCredentials: true,
        manageSettings: false,
        internalReplies: true,
      });
    });

    it('a valid API key → 200 acting as its user, and records last use', async () => {
      const { user, key } = await h.user('user');
      const res = await me(key);
      expect(res.status).toBe(200);
      const body = meSchema.parse(((await res.json()) as { data: unknown }).data);
      expect(body).toMatchObject({ id: user.id, role: 'user' });
      expect(body.abilities).toMatchObject({
        readAllTickets: false,
        createTickets: true,
        listCredentials: false,
      });
      const row = await h.t.handle.db
        .selectFrom('api_keys')
        .select('last_used_at')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.last_used_at).toBeInstanceOf(Date);
    });

    it('a key follows its user’s current role', async () => {
      const { user, key } = await h.user('manager');
      await h.t.handle.db
        .updateTable('organization_users')
        .set({ role: 'user' })
        .where('id', '=', user.id)
        .execute();
      const body = (await (await me(key)).json()) as { data: { role: string } };
      expect(body.data.role).toBe('user');
    });

    it('an unknown colleague in the domain becomes a user on first sight, once, with one audit row', async () => {
      const email = 'new.colleague@acme.example';
      const token = h.idToken(email, { given_name: 'New', family_name: 'Colleague' });
      const [a, b] = await Promise.all([me(token), me(token)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      const users = await h.t.handle.db
        .selectFrom('organization_users')
        .selectAll()
        .where('email', '=', email)
        .execute();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ role: 'user', first_name: 'New', last_name: 'Colleague' });
      const audits = await h.t.handle.db
        .selectFrom('audit_logs')
        .selectAll()
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', users[0]?.id ?? 0)
        .execute();
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        action: 'create',
        user_id: users[0]?.id,
        ip_address: expect.stringMatching(/127\.0\.0\.1/),
      });
    });

    it('the bootstrap admin email is an admin from first sight', async () => {
      const res = await me(h.idToken(BOOTSTRAP_ADMIN));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { role: string; abilities: { manageApiKeys: boolean } } };
      expect(body.data.role).toBe('admin');
      expect(body.data.abilities.manageApiKeys).toBe(true);
    });

    it('fetches Google’s certificates once and caches them per Cache-Control', async () => {
      const before = h.simulator.requests.get('/oauth2/v1/certs') ?? 0;
      const { user } = await h.user('user');
      for (let i = 0; i < 5; i++) expect((await me(h.idToken(user.email))).status).toBe(200);
      expect((h.simulator.requests.get('/oauth2/v1/certs') ?? 0) - before).toBeLessThanOrEqual(1);
    });
  });
});

describe('rate limiting', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('pglite', {
      rateLimits: { perIpPerMinute: 1000, perActorPerMinute: 5, authFailuresPer15Minutes: 3 },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('limits each user, answering 429 with Retry-After in the error shape', async () => {
    const { key } = await h.user('user');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await h.api(key, 'GET', '/me');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorBodySchema.parse(await last?.json()).error.code).toBe('rate_limited');
    // Another user is not affected.
    const other = await h.user('user');
    expect((await h.api(other.key, 'GET', '/me')).status).toBe(200);
  });

  it('limits failed authentications harder, per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.api('garbage', 'GET', '/me')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
