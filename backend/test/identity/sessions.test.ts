import { request as httpRequest } from 'node:http';
import { errorBodySchema, sessionSchema, signedInSchema } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../src/core/auth/session-token.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** The `data` of a JSON answer (what each assertion then checks or parses). */
const dataOf = async (res: Response): Promise<unknown> => ((await res.json()) as { data: unknown }).data;

/** The `name=value` of the session cookie a response sets, and its attributes. */
function sessionCookie(res: Response): { pair: string; token: string; attributes: string } {
  const header = res.headers.getSetCookie().find((c) => /helios_session=/.test(c));
  if (!header) throw new Error('no session cookie set');
  const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
  return { pair, token: pair.split('=')[1] ?? '', attributes: attributes.join('; ') };
}

describe.each(backends)('web console sessions on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const signIn = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}/api/v1/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** A request the way the console makes it: the cookie, and the browser's same-origin header. */
  const withCookie = (
    cookie: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${h.url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { 'sec-fetch-site': 'same-origin' }),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

  it('exchanges a Google ID token for an httpOnly SameSite=Lax cookie whose hash alone is stored', async () => {
    const { user } = await h.user('manager');
    const res = await signIn({ idToken: h.idToken(user.email) });
    expect(res.status).toBe(200);
    const body = signedInSchema.parse(await dataOf(res));
    expect(body.me.email).toBe(user.email);
    expect(body.session).toMatchObject({ method: 'google', current: true });
    const cookie = sessionCookie(res);
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/SameSite=Lax/i);
    expect(cookie.attributes).not.toMatch(/Secure/i); // 127.0.0.1 has no TLS
    expect(cookie.pair).toMatch(/^helios_session=hs_/);

    const rows = await h.t.handle.db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashSessionToken(cookie.token));
    expect(JSON.stringify(rows)).not.toContain(cookie.token);

    const me = await withCookie(cookie.pair, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(await dataOf(me)).toMatchObject({ email: user.email });

    const audit = await h.t.handle.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('entity_type', '=', 'auth_session')
      .where('entity_id', '=', body.session.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sign_in']);
    expect(JSON.stringify(audit)).not.toContain(cookie.token);
  });

  it('sets a Secure __Host- cookie when the console is not on loopback', async () => {
    const { user } = await h.user('user');
    const url = new URL(`${h.url}/api/v1/auth/session`);
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { host: 'helios.acme.example', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.headers['set-cookie'] ?? []);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ idToken: h.idToken(user.email) }));
    });
    const cookie = setCookie.find((c) => c.includes('helios_session'));
    expect(cookie).toMatch(/^__Host-helios_session=hs_/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('signs in with an API key, and revoking the key ends the sessions it opened', async () => {
    const { key } = await h.user('user');
    const res = await signIn({ apiKey: key });
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res).pair;
    expect((await withCookie(cookie, 'GET', '/me')).status).toBe(200);
    const { key: adminKey } = await h.user('admin');
    const keys = (await dataOf(await h.api(adminKey, 'GET', '/api-keys'))) as {
      id: number;
      prefix: string;
    }[];
    const mine = keys.find((k) => key.startsWith(k.prefix));
    expect((await h.api(adminKey, 'POST', `/api-keys/${mine?.id}/revoke`)).status).toBe(200);
    const after = await withCookie(cookie, 'GET', '/me');
    expect(after.status).toBe(401);
  });

  it('refuses bad credentials with 401 and writes nothing', async () => {
    const before = await h.t.handle.db
      .selectFrom('auth_sessions')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect((await signIn({ idToken: 'a.b.c' })).status).toBe(401);
    expect((await signIn({ apiKey: `helios_${'0'.repeat(12)}_${'A'.repeat(43)}` })).status).toBe(401);
    expect((await signIn({ idToken: h.idToken('x@acme.example', { aud: 'someone-else' }) })).status).toBe(
      401,
    );
    expect((await signIn({})).status).toBe(400);
    const after = await h.t.handle.db
      .selectFrom('auth_sessions')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('lets known contacts in with an outside Google account, never unknown outsiders; colleagues are created', async () => {
    const { user: contact } = await h.user('contact', 'pat@vendor.example');
    const known = await signIn({ idToken: h.idToken(contact.email, { hd: undefined }) });
    expect(known.status).toBe(200);
    expect(signedInSchema.parse(await dataOf(known)).me.role).toBe('contact');

    const stranger = await signIn({ idToken: h.idToken('eve@gmail.com', { hd: undefined }) });
    expect(stranger.status).toBe(401);
    expect((await errorOf(stranger)).message).toMatch(/not a member/);
    const created = await h.t.handle.db
      .selectFrom('organization_users')
      .select('id')
      .where('email', '=', 'eve@gmail.com')
      .execute();
    expect(created).toHaveLength(0);

    const colleague = await signIn({ idToken: h.idToken(`new.hire@${TEST_DOMAIN}`) });
    expect(colleague.status).toBe(200);
    expect(signedInSchema.parse(await dataOf(colleague)).me.role).toBe('user');

    // The add-on's bearer path still wants the organization's domain.
    const bearer = await h.api(h.idToken(contact.email, { hd: undefined }), 'GET', '/me');
    expect(bearer.status).toBe(401);
  });

  describe('CSRF: a cookie-authenticated write must come from this origin', () => {
    let cookie: string;
    let bearer: string;
    beforeAll(async () => {
      const { user, key } = await h.user('manager');
      bearer = key;
      cookie = sessionCookie(await signIn({ idToken: h.idToken(user.email) })).pair;
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${h.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ subject: 'From the console', details: 'Printer jam' }),
      });

    it.each([
      [
        'another site (Sec-Fetch-Site: cross-site)',
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      ],
      [
        'another port on this host (same-site)',
        { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:1' },
      ],
      ['a foreign Origin without Sec-Fetch-Site', { origin: 'https://evil.example' }],
      ['neither header', {}],
    ])('refuses %s with 403 forbidden, writing nothing', async (_label, headers) => {
      const before = await h.t.handle.db
        .selectFrom('tickets')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      const res = await post(headers);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
      const after = await h.t.handle.db
        .selectFrom('tickets')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });

    it('accepts the same origin (Sec-Fetch-Site or Origin), and reads from anywhere', async () => {
      expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(201);
      expect((await post({ origin: h.url })).status).toBe(201);
      const read = await fetch(`${h.url}/api/v1/me`, { headers: { cookie, 'sec-fetch-site': 'cross-site' } });
      expect(read.status).toBe(200);
    });

    it('leaves bearer tokens alone (no cookie, no CSRF)', async () => {
      const res = await fetch(`${h.url}/api/v1/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          origin: 'https://evil.example',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ subject: 'From a script', details: 'x' }),
      });
      expect(res.status).toBe(201);
    });

    it('refuses a sign-in posted from another site (login CSRF)', async () => {
      const { user } = await h.user('user');
      const res = await signIn(
        { idToken: h.idToken(user.email) },
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      );
      expect(res.status).toBe(403);
    });
  });

  it('signs out: the cookie stops working, the cookie is cleared, and signing out again is fine', async () => {
    const { user } = await h.user('user');
    const cookie = sessionCookie(await signIn({ idToken: h.idToken(user.email) })).pair;
    const out = await withCookie(cookie, 'DELETE', '/auth/session');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/helios_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await withCookie(cookie, 'GET', '/me')).status).toBe(401);
    expect((await withCookie(cookie, 'DELETE', '/auth/session')).status).toBe(204);
    const crossSite = await withCookie(cookie, 'DELETE', '/auth/session', undefined, {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
  });

  it('lists and revokes sessions: your own; admins anyone’s; never a token', async () => {
    const { user: alice } = await h.user('user');
    const { user: bob } = await h.user('user');
    const { user: admin } = await h.user('admin');
    const a1 = sessionCookie(await signIn({ idToken: h.idToken(alice.email) })).pair;
    const a2 = sessionCookie(await signIn({ idToken: h.idToken(alice.email) })).pair;
    const b1 = sessionCookie(await signIn({ idToken: h.idToken(bob.email) })).pair;
    const root = sessionCookie(await signIn({ idToken: h.idToken(admin.email) })).pair;

    const list = await withCookie(a1, 'GET', '/auth/sessions');
    expect(list.status).toBe(200);
    const text = await list.text();
    const sessions = sessionSchema.array().parse(JSON.parse(text).data);
    expect(sessions.map((s) => s.user.id)).toEqual([alice.id, alice.id]);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(text).not.toMatch(/hs_|token_hash|tokenHash/);

    expect((await withCookie(a1, 'GET', '/auth/sessions?all=true')).status).toBe(403);
    expect((await withCookie(a1, 'GET', `/auth/sessions?userId=${bob.id}`)).status).toBe(403);
    const bobs = sessionSchema.array().parse(await dataOf(await withCookie(b1, 'GET', '/auth/sessions')));
    // Someone else's session is not found for a non-admin.
    expect((await withCookie(a1, 'DELETE', `/auth/sessions/${bobs[0]?.id}`)).status).toBe(404);
    expect((await withCookie(b1, 'GET', '/me')).status).toBe(200);

    const everyone = sessionSchema
      .array()
      .parse(await dataOf(await withCookie(root, 'GET', '/auth/sessions?all=true')));
    expect(everyone.some((s) => s.user.id === bob.id)).toBe(true);
    expect((await withCookie(root, 'DELETE', `/auth/sessions/${bobs[0]?.id}`)).status).toBe(204);
    expect((await withCookie(b1, 'GET', '/me')).status).toBe(401);

    // Sign out my other sessions, then everywhere.
    const others = await withCookie(a1, 'DELETE', '/auth/sessions?keepCurrent=true');
    expect(await dataOf(others)).toEqual({ revoked: 1 });
    expect((await withCookie(a2, 'GET', '/me')).status).toBe(401);
    expect((await withCookie(a1, 'GET', '/me')).status).toBe(200);
    expect((await withCookie(a1, 'DELETE', `/auth/sessions?userId=${bob.id}`)).status).toBe(403);
    const everywhere = await withCookie(a1, 'DELETE', '/auth/sessions');
    expect(await dataOf(everywhere)).toEqual({ revoked: 1 });
    expect((await withCookie(a1, 'GET', '/me')).status).toBe(401);
  });

  it('slides the expiry with use, and refuses an expired session or an archived person', async () => {
    const { user } = await h.user('user');
    const res = await signIn({ idToken: h.idToken(user.email) });
    const cookie = sessionCookie(res).pair;
    const id = signedInSchema.parse(await dataOf(res)).session.id;
    const db = h.t.handle.db;
    // Idle for two minutes, five minutes left: one request slides it back to the full 12 hours.
    await db
      .updateTable('auth_sessions')
      .set({
        last_seen_at: sql<Date>`now() - interval '2 minutes'`,
        expires_at: sql<Date>`now() + interval '5 minutes'`,
      })
      .where('id', '=', id)
      .execute();
    expect((await withCookie(cookie, 'GET', '/me')).status).toBe(200);
    const slid = await db
      .selectFrom('auth_sessions')
      .select('expires_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(slid.expires_at.getTime() - Date.now()).toBeGreaterThan(11 * 3_600_000);

    await db
      .updateTable('auth_sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', id)
      .execute();
    const expired = await withCookie(cookie, 'GET', '/me');
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).message).toMatch(/sign in again/);

    const fresh = sessionCookie(await signIn({ idToken: h.idToken(user.email) })).pair;
    await db
      .updateTable('organization_users')
      .set({ archived_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    expect((await withCookie(fresh, 'GET', '/me')).status).toBe(401);
  });

  it('tells the console which sign-in options exist (public)', async () => {
    const res = await fetch(`${h.url}/api/v1/auth/config`);
    expect(res.status).toBe(200);
    expect(await dataOf(res)).toMatchObject({ google: null, demo: null, apiKey: true });
  });
});
