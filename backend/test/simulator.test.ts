// The Workspace simulator against plain fetch (and once against google-auth-library's real JWT
// client): token endpoint, auth, Google's list/paging/error conventions, the generated
// organization, scripted changes and fault injection.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { JWT } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_SKUS } from '../src/modules/directory-sync/providers/google/source.ts';
import { generateDirectory } from '../src/simulators/workspace/directory.ts';
import type { FaultKind } from '../src/simulators/workspace/faults.ts';
import { renderUser } from '../src/simulators/workspace/render.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/simulators/workspace/server.ts';
import {
  ALL_API_SCOPES,
  API_SCOPES,
  createServiceAccountKey,
  GOOGLE_TOKEN_URL,
  JWT_BEARER_GRANT,
  type ServiceAccountKey,
} from '../src/simulators/workspace/token.ts';

type Json = Record<string, unknown>;

/** One key for every simulator of this file (RSA generation is the slow part of a start). */
const KEY: ServiceAccountKey = createServiceAccountKey();
const FOREIGN_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

const DIR = '/admin/directory/v1';
const now = () => Math.floor(Date.now() / 1000);
const started: Simulator[] = [];

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ serviceAccountKey: KEY, ...options });
  started.push(sim);
  return sim;
}

afterEach(async () => {
  // Per-test simulators; the shared one (beforeAll) is closed in afterAll.
  while (started.length > 0) await started.pop()?.close();
});

function assertion(claims: Json, options: { key?: string; header?: Json } = {}): string {
  const enc = (part: Json) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', ...options.header })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256')
    .update(input)
    .sign(options.key ?? KEY.private_key)
    .toString('base64url');
  return `${input}.${signature}`;
}

function claims(sim: Simulator, overrides: Json = {}): Json {
  const iat = now();
  return {
    iss: KEY.client_email,
    sub: sim.adminEmail,
    scope: ALL_API_SCOPES.join(' '),
    aud: GOOGLE_TOKEN_URL,
    iat,
    exp: iat + 3600,
    ...overrides,
  };
}

function postToken(sim: Simulator, assertionValue: string, grantType = JWT_BEARER_GRANT): Promise<Response> {
  return fetch(`${sim.origin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion: assertionValue }),
  });
}

async function accessToken(sim: Simulator, overrides: Json = {}): Promise<string> {
  const res = await postToken(sim, assertion(claims(sim, overrides)));
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function get(
  sim: Simulator,
  token: string | undefined,
  path: string,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(
    `${sim.origin}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

/** Follows nextPageToken to the end; returns every item and the number of pages. */
async function listAll(
  sim: Simulator,
  token: string,
  path: string,
  arrayName: string,
  maxResults: number,
): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const url = new URL(path, sim.origin);
    url.searchParams.set('maxResults', String(maxResults));
    if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
    const { status, body } = await get(sim, token, `${url.pathname}${url.search}`);
    expect(status, JSON.stringify(body)).toBe(200);
    const page = (body[arrayName] as Json[] | undefined) ?? [];
    expect(page.length).toBeLessThanOrEqual(maxResults);
    items.push(...page);
    pages++;
    pageToken = body.nextPageToken as string | undefined;
  } while (pageToken !== undefined);
  return { items, pages };
}

function expectGoogleError(body: Json, code: number, reason: string): void {
  const error = body.error as { code: number; message: string; errors: Json[] };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.errors).toHaveLength(1);
  expect(error.errors[0]).toMatchObject({ domain: 'global', reason });
  expect(typeof error.errors[0]?.message).toBe('string');
}

describe('the generated directory', () => {
  it('is deterministic: same options, same organization; another seed, another one', () => {
    const a = generateDirectory({ users: 300, seed: 7 });
    const b = generateDirectory({ users: 300, seed: 7 });
    const c = generateDirectory({ users: 300, seed: 8 });
    const render = (d: ReturnType<typeof generateDirectory>) => [...d.users()].map((u) => renderUser(d, u));
    expect(render(a)).toEqual(render(b));
    expect(a.counts()).toEqual(b.counts());
    expect([...a.chromeDevices()]).toEqual([...b.chromeDevices()]);
    expect(render(a).map((u) => u.primaryEmail)).not.toEqual(render(c).map((u) => u.primaryEmail));
  });

  it('has a realistic shape: managers, OU tree, suspensions, groups, devices, licenses, domains', () => {
    const d = generateDirectory({ users: 2000, seed: 3, domain: 'example.org' });
    const users = [...d.users()].map((u) => renderUser(d, u));
    const emails = new Set(users.map((u) => u.primaryEmail));
    expect(emails.size).toBe(2000);
    expect(new Set(users.map((u) => u.id)).size).toBe(2000);
    for (const user of users) {
      expect(user.id).toMatch(/^\d{21}$/);
      expect(user.primaryEmail.endsWith('@example.org')).toBe(true);
      for (const relation of user.relations ?? []) {
        expect(relation.type).toBe('manager');
        expect(emails.has(relation.value)).toBe(true);
      }
    }
    // Everyone but the CEO has a manager; the tree has depth.
    expect(users.filter((u) => u.relations === undefined)).toHaveLength(1);
    expect(users.filter((u) => u.suspended).length).toBeGreaterThan(20);
    expect(users.filter((u) => u.archived).length).toBeGreaterThan(0);
    expect(users.filter((u) => u.isAdmin).map((u) => u.primaryEmail)).toContain(d.adminEmail);
    expect(new Set(users.map((u) => u.organizations?.[0]?.department)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(users.map((u) => u.organizations?.[0]?.title)).size).toBeGreaterThan(20);
    expect(users.some((u) => u.phones === undefined)).toBe(true);
    expect(users.some((u) => (u.phones ?? []).length === 2)).toBe(true);
    expect(users.some((u) => u.lastLoginTime === '1970-01-01T00:00:00.000Z')).toBe(true);
    expect(users.some((u) => u.thumbnailPhotoUrl !== undefined)).toBe(true);

    // OUs: a tree without the root, and every user's OU is in it.
    const ous = d.orgUnits();
    const paths = new Set(ous.map((ou) => ou.orgUnitPath));
    expect(paths.has('/')).toBe(false);
    expect(paths.has('/Engineering/Platform')).toBe(true);
    for (const ou of ous) expect(ou.parentOrgUnitPath === '/' || paths.has(ou.parentOrgUnitPath)).toBe(true);
    for (const user of users) expect(paths.has(user.orgUnitPath ?? '')).toBe(true);

    // Devices and licenses.
    const counts = d.counts();
    expect(counts.chromeDevices).toBe(1000);
    expect(counts.mobileDevices).toBe(666);
    expect(counts.groups).toBe(40);
    expect(Object.keys(counts.licensesBySku).sort()).toEqual(Object.keys(WORKSPACE_SKUS).sort());
    expect(counts.licenses).toBeLessThan(counts.users);
    expect(counts.licenses).toBeGreaterThan(counts.users * 0.8);
    const domains = d.domains;
    expect(domains.filter((x) => x.isPrimary).map((x) => x.domainName)).toEqual(['example.org']);
    expect(domains.length).toBeGreaterThanOrEqual(2);
    expect(domains.length).toBeLessThanOrEqual(3);
  });

  it('generates 100k users lazily: instant start, fast pages', () => {
    const t0 = performance.now();
    const d = generateDirectory({
      users: 100_000,
      chromeDevices: 50_000,
      mobileDevices: 30_000,
      groups: 2000,
    });
    expect(performance.now() - t0).toBeLessThan(50);
    const t1 = performance.now();
    const page = d.userPage(60_000, 500);
    expect(page.items).toHaveLength(500);
    expect(page.items[0]?.index).toBe(60_001);
    expect(performance.now() - t1).toBeLessThan(200);
  });
});

describe('the simulator over HTTP', () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({
      serviceAccountKey: KEY,
      directory: { users: 103, seed: 5, chromeDevices: 40, mobileDevices: 0, groups: 14 },
    });
    token = await accessToken(sim);
  });
  afterAll(async () => {
    await sim?.close();
  });

  describe('token endpoint', () => {
    it('exchanges a valid assertion (either audience) for a bearer token', async () => {
      for (const aud of [GOOGLE_TOKEN_URL, sim.tokenUrl]) {
        const res = await postToken(sim, assertion(claims(sim, { aud })));
        expect(res.status).toBe(200);
        const body = (await res.json()) as Json;
        expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
        expect(body.access_token).toMatch(/^ya29\./);
      }
    });

    it('serves the real key-file shape', () => {
      const key = sim.serviceAccountKey();
      expect(key).toMatchObject({
        type: 'service_account',
        token_uri: GOOGLE_TOKEN_URL,
        universe_domain: 'googleapis.com',
      });
      expect(key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(key.client_email).toMatch(/@[a-z0-9-]+\.iam\.gserviceaccount\.com$/);
      expect(key.private_key_id).toMatch(/^[0-9a-f]{40}$/);
      expect(key.client_id).toMatch(/^\d{21}$/);
    });

    const rejections: [string, (s: Simulator) => string, number, string][] = [
      ['a bad signature', (s) => assertion(claims(s), { key: FOREIGN_KEY }), 400, 'invalid_grant'],
      [
        'another issuer',
        (s) => assertion(claims(s, { iss: 'x@y.iam.gserviceaccount.com' })),
        400,
        'invalid_grant',
      ],
      [
        'a foreign audience',
        (s) => assertion(claims(s, { aud: 'https://example.com/token' })),
        400,
        'invalid_grant',
      ],
      ['a lifetime over an hour', (s) => assertion(claims(s, { exp: now() + 7200 })), 400, 'invalid_grant'],
      [
        'an expired assertion',
        (s) => assertion(claims(s, { iat: now() - 7200, exp: now() - 3700 })),
        400,
        'invalid_grant',
      ],
      [
        'iat in the future',
        (s) => assertion(claims(s, { iat: now() + 3600, exp: now() + 4000 })),
        400,
        'invalid_grant',
      ],
      ['no scope', (s) => assertion(claims(s, { scope: undefined })), 400, 'invalid_scope'],
      ['a wrong kid', (s) => assertion(claims(s), { header: { kid: 'deadbeef' } }), 400, 'invalid_grant'],
      ['alg none', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.`, 400, 'invalid_grant'],
      ['garbage', () => 'not-a-jwt', 400, 'invalid_grant'],
      [
        'a subject that is not an admin',
        (s) => assertion(claims(s, { sub: [...s.directory.users()][5]?.email })),
        401,
        'unauthorized_client',
      ],
      ['no subject', (s) => assertion(claims(s, { sub: undefined })), 401, 'unauthorized_client'],
      [
        'an unknown subject',
        (s) => assertion(claims(s, { sub: 'nobody@acme.example' })),
        400,
        'invalid_grant',
      ],
      [
        'an undelegated scope',
        (s) => assertion(claims(s, { scope: 'https://mail.google.com/' })),
        401,
        'unauthorized_client',
      ],
    ];
    it.each(rejections)('rejects %s', async (_name, make, status, error) => {
      const res = await postToken(sim, make(sim));
      expect(res.status).toBe(status);
      const body = (await res.json()) as Json;
      expect(body.error).toBe(error);
      expect(typeof body.error_description).toBe('string');
    });

    it('rejects another grant type', async () => {
      const res = await postToken(sim, assertion(claims(sim)), 'client_credentials');
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).error).toBe('unsupported_grant_type');
    });
  });

  describe('auth on the APIs', () => {
    it('requires a bearer token it issued', async () => {
      const missing = await get(sim, undefined, `${DIR}/users?customer=my_customer`);
      expect(missing.status).toBe(401);
      expectGoogleError(missing.body, 401, 'required');
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const bad = await get(sim, 'ya29.forged', `${DIR}/users?customer=my_customer`);
      expect(bad.status).toBe(401);
      expectGoogleError(bad.body, 401, 'authError');
      const licensing = await get(
        sim,
        undefined,
        `/apps/licensing/v1/product/Google-Apps/users?customerId=${sim.customerId}`,
      );
      expect(licensing.status).toBe(401);
    });

    it('checks scopes per API', async () => {
      const usersOnly = await accessToken(sim, { scope: API_SCOPES.users[1] });
      expect((await get(sim, usersOnly, `${DIR}/users?customer=my_customer`)).status).toBe(200);
      const denied = await get(sim, usersOnly, `${DIR}/customer/my_customer/devices/chromeos`);
      expect(denied.status).toBe(403);
      expectGoogleError(denied.body, 403, 'insufficientPermissions');
    });
  });

  describe('listings', () => {
    it('pages users: every user exactly once, opaque tokens, no token on the last page', async () => {
      const { items, pages } = await listAll(
        sim,
        token,
        `${DIR}/users?customer=my_customer&projection=full`,
        'users',
        10,
      );
      expect(pages).toBe(11);
      expect(items).toHaveLength(103);
      expect(new Set(items.map((u) => u.id)).size).toBe(103);
      const first = await get(
        sim,
        token,
        `${DIR}/users?customer=my_customer&maxResults=10&fields=users(id),nextPageToken`,
      );
      expect(first.body).toMatchObject({ kind: 'admin#directory#users' });
      expect(typeof first.body.etag).toBe('string');
      const pageToken = first.body.nextPageToken as string;
      expect(pageToken).not.toMatch(/^\d+$/);
      // A token edited to skip ahead is refused.
      const [, mac] = Buffer.from(pageToken, 'base64url').toString().split('.');
      const skipped = Buffer.from(`50.${mac ?? ''}`).toString('base64url');
      expect((await get(sim, token, `${DIR}/users?customer=my_customer&pageToken=${skipped}`)).status).toBe(
        400,
      );
      // Default page size 100.
      const byDefault = await get(sim, token, `${DIR}/users?customer=my_customer`);
      expect((byDefault.body.users as Json[]).length).toBe(100);
    });

    it('pages every kind to the counts of the directory', async () => {
      const counts = sim.counts();
      const chrome = await listAll(
        sim,
        token,
        `${DIR}/customer/my_customer/devices/chromeos?projection=FULL`,
        'chromeosdevices',
        7,
      );
      expect(chrome.items).toHaveLength(counts.chromeDevices);
      expect(new Set(chrome.items.map((d) => d.deviceId)).size).toBe(counts.chromeDevices);
      const licenses = await listAll(
        sim,
        token,
        `/apps/licensing/v1/product/Google-Apps/users?customerId=${sim.customerId}`,
        'items',
        9,
      );
      expect(licenses.items).toHaveLength(counts.licenses);
      expect(licenses.items[0]).toMatchObject({
        kind: 'licensing#licenseAssignment',
        productId: 'Google-Apps',
      });
      const groups = await listAll(sim, token, `${DIR}/groups?customer=my_customer`, 'groups', 5);
      expect(groups.items).toHaveLength(14);
      let members = 0;
      let nested = 0;
      for (const group of groups.items) {
        const listed = await listAll(
          sim,
          token,
          `${DIR}/groups/${String(group.email)}/members`,
          'members',
          3,
        );
        expect(String(listed.items.length)).toBe(group.directMembersCount);
        members += listed.items.length;
        nested += listed.items.filter((m) => m.type === 'GROUP').length;
      }
      expect(members).toBe(counts.groupMembers);
      expect(nested).toBeGreaterThan(0);
    });

    it('serves org units (all, no root), domains and the customer', async () => {
      const ous = await get(sim, token, `${DIR}/customer/my_customer/orgunits?type=all`);
      const units = ous.body.organizationUnits as Json[];
      expect(units.length).toBe(sim.directory.orgUnits().length);
      expect(units.some((u) => u.orgUnitPath === '/')).toBe(false);
      expect(ous.body.nextPageToken).toBeUndefined();
      const platform = units.find((u) => u.orgUnitPath === '/Engineering/Platform');
      const engineering = units.find((u) => u.orgUnitPath === '/Engineering');
      expect(platform).toMatchObject({
        name: 'Platform',
        parentOrgUnitPath: '/Engineering',
        parentOrgUnitId: engineering?.orgUnitId,
      });
      const children = await get(
        sim,
        token,
        `${DIR}/customer/${sim.customerId}/orgunits?type=children&orgUnitPath=/Engineering`,
      );
      expect(
        (children.body.organizationUnits as Json[]).every((u) => u.parentOrgUnitPath === '/Engineering'),
      ).toBe(true);
      const domains = await get(sim, token, `${DIR}/customer/my_customer/domains`);
      const list = domains.body.domains as Json[];
      expect(list[0]).toMatchObject({
        kind: 'admin#directory#domain',
        domainName: 'acme.example',
        isPrimary: true,
        verified: true,
      });
      expect(typeof list[0]?.creationTime).toBe('string'); // int64 as a string
      const customer = await get(sim, token, `${DIR}/customers/my_customer`);
      expect(customer.body.id).toBe(sim.customerId);
    });

    it('sends 64-bit numbers as strings and Google kinds/etags', async () => {
      const groups = await get(sim, token, `${DIR}/groups?customer=my_customer&maxResults=2`);
      const group = (groups.body.groups as Json[])[0];
      expect(group).toMatchObject({ kind: 'admin#directory#group' });
      expect(group?.directMembersCount).toMatch(/^\d+$/);
      expect(group?.etag).toMatch(/^".+"$/);
      const chrome = await get(sim, token, `${DIR}/customer/my_customer/devices/chromeos?maxResults=1`);
      const device = (chrome.body.chromeosdevices as Json[])[0];
      expect(device?.autoUpdateExpiration).toMatch(/^\d+$/);
      expect(device).toHaveProperty('serialNumber');
    });

    it('omits empty arrays', async () => {
      const mobile = await get(sim, token, `${DIR}/customer/my_customer/devices/mobile`);
      expect(mobile.status).toBe(200);
      expect(mobile.body).not.toHaveProperty('mobiledevices');
      expect(mobile.body).not.toHaveProperty('nextPageToken');
      expect(mobile.body.kind).toBe('admin#directory#mobiledevices');
      const vault = await get(
        sim,
        token,
        `/apps/licensing/v1/product/Google-Vault/users?customerId=${sim.customerId}`,
      );
      expect(vault.body).not.toHaveProperty('items');
      const users = (await listAll(sim, token, `${DIR}/users?customer=my_customer`, 'users', 500)).items;
      const withoutPhones = users.find((u) => !('phones' in u));
      expect(withoutPhones).toBeDefined();
      expect(users.some((u) => u.relations === undefined)).toBe(true);
      for (const user of users) {
        for (const value of Object.values(user))
          if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
      }
    });

    it('answers errors in Google shape', async () => {
      const cases: [string, number, string][] = [
        [`${DIR}/users`, 400, 'badRequest'],
        [`${DIR}/users?customer=C0someoneelse`, 403, 'forbidden'],
        [`${DIR}/users?customer=my_customer&maxResults=501`, 400, 'invalid'],
        [`${DIR}/users?customer=my_customer&maxResults=0`, 400, 'invalid'],
        [`${DIR}/users?customer=my_customer&pageToken=bm9wZQ`, 400, 'invalid'],
        [`${DIR}/groups?customer=my_customer&maxResults=201`, 400, 'invalid'],
        [`${DIR}/groups/nope@acme.example/members`, 404, 'notFound'],
        [`${DIR}/users/nobody@acme.example`, 404, 'notFound'],
        [`${DIR}/customer/C0other/devices/chromeos`, 403, 'forbidden'],
        [`${DIR}/customer/my_customer/devices/chromeos?maxResults=301`, 400, 'invalid'],
        [`${DIR}/customer/my_customer/devices/mobile?maxResults=101`, 400, 'invalid'],
        [`/apps/licensing/v1/product/Google-Apps/users`, 400, 'required'],
        [`/apps/licensing/v1/product/Google-Apps/users?customerId=C0other`, 403, 'forbidden'],
        [`/apps/licensing/v1/product/Nope/users?customerId=${sim.customerId}`, 400, 'invalid'],
        [`${DIR}/no/such/path`, 404, 'notFound'],
      ];
      for (const [path, code, reason] of cases) {
        const res = await get(sim, token, path);
        expect(res.status, path).toBe(code);
        expectGoogleError(res.body, code, reason);
      }
    });

    it('binds page tokens to their listing', async () => {
      const users = await get(sim, token, `${DIR}/users?customer=my_customer&maxResults=5`);
      const foreign = await get(
        sim,
        token,
        `${DIR}/customer/my_customer/devices/chromeos?pageToken=${String(users.body.nextPageToken)}`,
      );
      expect(foreign.status).toBe(400);
      expectGoogleError(foreign.body, 400, 'invalid');
    });
  });

  it('works with the real google-auth-library JWT client (token URL rewritten by an interceptor)', async () => {
    const key = sim.serviceAccountKey();
    const client = new JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: [API_SCOPES.users[1], API_SCOPES.licensing[0]],
      subject: sim.adminEmail,
    });
    // The library posts to https://oauth2.googleapis.com/token (hard-coded); send it to the simulator.
    client.transporter.interceptors.request.add({
      resolved: async (config) => {
        const url = new URL(config.url);
        if (url.hostname.endsWith('googleapis.com'))
          config.url = new URL(`${url.pathname}${url.search}`, sim.origin);
        return config;
      },
    });
    const { token: fetched } = await client.getAccessToken();
    expect(fetched).toMatch(/^ya29\./);
    const users = await client.request<Json>({
      url: `https://admin.googleapis.com${DIR}/users?customer=my_customer&maxResults=3`,
    });
    expect((users.data.users as Json[]).length).toBe(3);
    const licenses = await client.request<Json>({
      url: `https://licensing.googleapis.com/apps/licensing/v1/product/Google-Apps/users?customerId=${sim.customerId}&maxResults=2`,
    });
    expect((licenses.data.items as Json[]).length).toBe(2);
    // Google's error shape surfaces where googleapis users look for it.
    const err: unknown = await client
      .request({ url: `https://admin.googleapis.com${DIR}/users/nobody@acme.example` })
      .catch((e: unknown) => e);
    const data = (err as { response?: { data?: { error?: { errors?: { reason?: string }[] } } } }).response
      ?.data;
    expect(data?.error?.errors?.[0]?.reason).toBe('notFound');
  });
});

describe('scripted changes', () => {
  it('show up in the listings', async () => {
    const sim = await simulator({ directory: { users: 60, seed: 2, chromeDevices: 10, mobileDevices: 5 } });
    const token = await accessToken(sim);
    const users = [...sim.directory.users()];
    const target = users[20];
    const reportOfTarget = users.find((u) => u.managerIndex === target?.index);
    const other = users[30];
    const gone = users[40];
    if (target === undefined || other === undefined || gone === undefined)
      throw new Error('directory too small');
    const before = renderUser(sim.directory, target);

    const renamed = sim.renameUser(target.email, 'renamed.person@acme.example');
    expect(renamed.id).toBe(target.id);
    sim.changeTitle('renamed.person@acme.example', 'Chief Simulation Officer');
    sim.suspend(other.email);
    sim.moveLicense(other.email, '1010020020');
    sim.deleteUser(gone.email);
    const added = sim.addUser({
      primaryEmail: 'new.hire@acme.example',
      givenName: 'New',
      familyName: 'Hire',
      department: 'Engineering',
      managerEmail: 'renamed.person@acme.example',
    });
    const device = sim.addChromeDevice({ annotatedUser: 'new.hire@acme.example', serialNumber: 'SIM0001' });
    const phone = sim.addMobileDevice({ email: 'new.hire@acme.example' });

    const listed = (await listAll(sim, token, `${DIR}/users?customer=my_customer`, 'users', 500)).items;
    const byId = new Map(listed.map((u) => [u.id, u]));
    expect(listed).toHaveLength(60);
    const after = byId.get(target.id);
    expect(after?.primaryEmail).toBe('renamed.person@acme.example');
    expect((after?.organizations as Json[])[0]?.title).toBe('Chief Simulation Officer');
    expect(after?.etag).not.toBe(before.etag);
    if (reportOfTarget !== undefined) {
      expect(byId.get(reportOfTarget.id)?.relations).toEqual([
        { value: 'renamed.person@acme.example', type: 'manager' },
      ]);
    }
    expect(byId.get(other.id)?.suspended).toBe(true);
    expect(byId.has(gone.id)).toBe(false);
    expect(byId.get(added.id)?.primaryEmail).toBe('new.hire@acme.example');

    const licenses = (
      await listAll(
        sim,
        token,
        `/apps/licensing/v1/product/Google-Apps/users?customerId=${sim.customerId}`,
        'items',
        1000,
      )
    ).items;
    expect(licenses.find((l) => l.userId === other.email)?.skuId).toBe('1010020020');
    expect(licenses.some((l) => l.userId === gone.email)).toBe(false);
    expect(licenses.some((l) => l.userId === 'new.hire@acme.example')).toBe(true);

    const chrome = (
      await listAll(sim, token, `${DIR}/customer/my_customer/devices/chromeos`, 'chromeosdevices', 300)
    ).items;
    expect(chrome).toHaveLength(11);
    expect(chrome.find((d) => d.deviceId === device.deviceId)).toMatchObject({
      serialNumber: 'SIM0001',
      annotatedUser: 'new.hire@acme.example',
    });
    const mobile = (
      await listAll(sim, token, `${DIR}/customer/my_customer/devices/mobile`, 'mobiledevices', 100)
    ).items;
    expect(mobile.find((d) => d.resourceId === phone.resourceId)?.email).toEqual(['new.hire@acme.example']);

    sim.deleteChromeDevice(device.deviceId);
    expect(sim.counts().chromeDevices).toBe(10);
    expect(() => sim.renameUser('nobody@acme.example', 'x@acme.example')).toThrow(/No such user/);
    expect(() => sim.renameUser(other.email, 'new.hire@acme.example')).toThrow(/taken/);
  });

  it('keeps a listing consistent when the directory changes between pages', async () => {
    const sim = await simulator({ directory: { users: 50, seed: 4 } });
    const token = await accessToken(sim);
    const original = [...sim.directory.users()];
    const page1 = await get(sim, token, `${DIR}/users?customer=my_customer&maxResults=10`);
    const seen = (page1.body.users as Json[]).map((u) => u.id as string);
    // Between pages: delete someone already listed and someone not yet, rename a later user, add one.
    sim.deleteUser(original[3]?.email ?? '');
    sim.deleteUser(original[25]?.email ?? '');
    sim.renameUser(original[30]?.email ?? '', 'late.rename@acme.example');
    const added = sim.addUser({
      primaryEmail: 'late.hire@acme.example',
      givenName: 'Late',
      familyName: 'Hire',
    });
    let pageToken = page1.body.nextPageToken as string | undefined;
    while (pageToken !== undefined) {
      const page = await get(
        sim,
        token,
        `${DIR}/users?customer=my_customer&maxResults=10&pageToken=${pageToken}`,
      );
      seen.push(...(page.body.users as Json[]).map((u) => u.id as string));
      pageToken = page.body.nextPageToken as string | undefined;
    }
    expect(new Set(seen).size).toBe(seen.length); // nobody twice
    for (const [i, user] of original.entries()) {
      if (i !== 25) expect(seen).toContain(user.id); // everyone present throughout, once
    }
    expect(seen).not.toContain(original[25]?.id);
    expect(seen).toContain(added.id);
  });

  it('removeShare deletes an exact share (admins spared) and devices on request', async () => {
    const sim = await simulator({ directory: { users: 201, seed: 9 } });
    const admins = [...sim.directory.users()].filter((u) => u.isAdmin).length;
    expect(sim.removeShare(0.5)).toBe(Math.floor((201 - admins) * 0.5));
    expect(sim.counts().users).toBe(201 - Math.floor((201 - admins) * 0.5));
    expect(sim.directory.isActiveAdmin(sim.adminEmail)).toBe(true);
    expect(sim.removeShare(0.2, 'chromeDevices')).toBe(20);
    expect(sim.counts().chromeDevices).toBe(80);
  });

  it('stops honouring tokens of a suspended admin, and revoked tokens', async () => {
    const sim = await simulator();
    const token = await accessToken(sim);
    expect((await get(sim, token, `${DIR}/users?customer=my_customer`)).status).toBe(200);
    sim.revokeTokens();
    expect((await get(sim, token, `${DIR}/users?customer=my_customer`)).status).toBe(401);
    const fresh = await accessToken(sim);
    const cio = [...sim.directory.users()].find((u) => u.isAdmin && u.email !== sim.adminEmail);
    sim.suspend(sim.adminEmail);
    const denied = await get(sim, fresh, `${DIR}/users?customer=my_customer`);
    expect(denied.status).toBe(403);
    expectGoogleError(denied.body, 403, 'forbidden');
    // The other admin still works as a subject.
    if (cio !== undefined)
      expect(
        (await get(sim, await accessToken(sim, { sub: cio.email }), `${DIR}/users?customer=my_customer`))
          .status,
      ).toBe(200);
  });
});

describe('fault injection', () => {
  const expected: Record<string, [number, string]> = {
    rateLimit: [429, 'rateLimitExceeded'],
    userRateLimit: [403, 'userRateLimitExceeded'],
    quota: [403, 'quotaExceeded'],
    backendError: [503, 'backendError'],
  };

  it.each(Object.entries(expected))('at 100%% answers %s', async (kind, [status, reason]) => {
    const sim = await simulator();
    const token = await accessToken(sim);
    sim.setFaults({ rate: 1, kinds: [kind as FaultKind], retryAfterSeconds: 2 });
    const res = await get(sim, token, `${DIR}/users?customer=my_customer`);
    expect(res.status).toBe(status);
    expectGoogleError(res.body, status, reason);
    if (status === 429) expect(res.headers.get('retry-after')).toBe('2');
    // The token endpoint and the ID-token certs are spared unless asked.
    expect((await postToken(sim, assertion(claims(sim)))).status).toBe(200);
    expect((await fetch(`${sim.origin}/oauth2/v1/certs`)).status).toBe(200);
    expect(sim.faultsInjected()[kind]).toBe(1);
  });

  it('drops connections and slows answers', async () => {
    const sim = await simulator();
    const token = await accessToken(sim);
    sim.setFaults({ rate: 1, kinds: ['drop'] });
    await expect(
      fetch(`${sim.origin}${DIR}/users?customer=my_customer`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    ).rejects.toThrow();
    sim.setFaults({ rate: 1, kinds: ['slow'], slowMs: 150 });
    const t0 = performance.now();
    expect((await get(sim, token, `${DIR}/users?customer=my_customer`)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('faults the token endpoint only when asked', async () => {
    const sim = await simulator({ faults: { rate: 1, kinds: ['backendError'], includeToken: true } });
    const res = await postToken(sim, assertion(claims(sim)));
    expect(res.status).toBe(503);
    expect(((await res.json()) as Json).error).toBe('backendError');
  });

  it('is deterministic for a seed and hits about the configured rate', async () => {
    const run = async () => {
      const sim = await simulator({
        directory: { users: 1000 },
        faults: { rate: 0.3, seed: 11, kinds: ['backendError', 'rateLimit'], retryAfterSeconds: 0 },
      });
      const token = await accessToken(sim);
      const statuses: number[] = [];
      let pageToken: string | undefined;
      do {
        const res = await get(
          sim,
          token,
          `${DIR}/users?customer=my_customer&maxResults=20${pageToken === undefined ? '' : `&pageToken=${pageToken}`}`,
        );
        statuses.push(res.status);
        if (res.status === 200) pageToken = res.body.nextPageToken as string | undefined;
      } while (pageToken !== undefined || statuses.at(-1) !== 200);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 200)).toHaveLength(50); // a retry loop still lists every page
    const faulted = a.filter((s) => s !== 200).length / a.length;
    expect(faulted).toBeGreaterThan(0.1);
    expect(faulted).toBeLessThan(0.5);
  });

  it('failAfter makes a listing die midway until cancelled', async () => {
    const sim = await simulator({ directory: { users: 100 } });
    const token = await accessToken(sim);
    const cancel = sim.failAfter(`${DIR}/users`, 2);
    const p1 = await get(sim, token, `${DIR}/users?customer=my_customer&maxResults=10`);
    const p2 = await get(
      sim,
      token,
      `${DIR}/users?customer=my_customer&maxResults=10&pageToken=${String(p1.body.nextPageToken)}`,
    );
    expect([p1.status, p2.status]).toEqual([200, 200]);
    const url = `${DIR}/users?customer=my_customer&maxResults=10&pageToken=${String(p2.body.nextPageToken)}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await get(sim, token, url);
      expect(res.status).toBe(503);
      expectGoogleError(res.body, 503, 'backendError');
    }
    // Other paths are unaffected; cancelling restores the listing.
    expect((await get(sim, token, `${DIR}/customer/my_customer/domains`)).status).toBe(200);
    cancel();
    expect((await get(sim, token, url)).status).toBe(200);
    sim.failAfter(/\/devices\//, 0, 'forbidden');
    expectGoogleError(
      (await get(sim, token, `${DIR}/customer/my_customer/devices/chromeos`)).body,
      403,
      'forbidden',
    );
    sim.clearFaults();
    expect((await get(sim, token, `${DIR}/customer/my_customer/devices/chromeos`)).status).toBe(200);
  });
});

describe('defaults for existing callers', () => {
  it('startSimulator() still serves the ID-token certs and counts requests', async () => {
    const sim = await simulator();
    const res = await fetch(`${sim.origin}/oauth2/v1/certs`);
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as Json)).toEqual([sim.idTokens.kid]);
    expect(sim.requests.get('/oauth2/v1/certs')).toBe(1);
    expect(sim.requestCount()).toBe(1);
  });
});
