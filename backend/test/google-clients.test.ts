// The Google clients (google/clients.ts) with the real google-auth-library / @googleapis/admin code
// pointed at loopback fakes through HELIOS_GOOGLE_API_ORIGIN (the `apiOrigin` option):
//   - the Workspace simulator (google/simulator/server.ts): every listing pages through the whole
//     generated organization, the token request goes to the simulator, injected faults are retried;
//   - a small protocol stub in this file, for what must be seen request by request: the signed
//     assertion's claims, the exact query of every call, scripted fault sequences, and that no
//     request leaves for a Google host.
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkspaceSource,
  FIELD_MASKS,
  GOOGLE_SCOPES,
  GoogleApiError,
  PAGE_SIZES,
  type WorkspaceSourceOptions,
} from '../src/modules/directory-sync/providers/google/clients.ts';
import type { RetryAttempt } from '../src/modules/directory-sync/providers/google/retry.ts';
import { startSimulator, type Simulator } from '../src/simulators/workspace/server.ts';
import type { WorkspaceSource } from '../src/modules/directory-sync/providers/google/source.ts';
import {
  createGoogleTransport,
  isGoogleHost,
  normalizeApiOrigin,
  rewriteToOrigin,
  type SentRequest,
} from '../src/modules/directory-sync/providers/google/transport.ts';

const ADMIN = 'admin@acme.example';
const CLIENT_EMAIL = 'helios-sync@helios-test.iam.gserviceaccount.com';
const TOKEN = 'ya29.stub-access-token';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...page);
  }
  return { items, pages: count };
}

// ---------------------------------------------------------------------------------------------
// A minimal Google protocol stub.

interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

interface Fault {
  /** Applies to the next request whose path matches. */
  path: RegExp;
  status?: number;
  reason?: string;
  retryAfter?: string;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Answer 200 with a JSON body cut off mid-stream. */
  truncate?: boolean;
}

interface Listing {
  key: string;
  items: Record<string, unknown>[];
  max: number;
}

class GoogleStub {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly requests: StubRequest[] = [];
  readonly assertions: Record<string, unknown>[] = [];
  faults: Fault[] = [];
  origin = '';
  customerId = 'C03az79cb';
  /** Page token the stub hands out after the first page of users, to simulate a broken paginator. */
  stuckUsersToken = false;
  #server: Server | undefined;
  #listings = new Map<string, Listing>();
  #singles = new Map<string, { key: string; items: Record<string, unknown>[] }>();

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    const users = Array.from({ length: 1234 }, (_, i) => ({
      id: String(100000000000000000000n + BigInt(i)),
      primaryEmail: `user${i}@acme.example`,
      customerId: this.customerId,
      name: { givenName: 'User', familyName: String(i), fullName: `User ${i}` },
      suspended: i % 50 === 0,
      orgUnitPath: '/',
      lastLoginTime: '1970-01-01T00:00:00.000Z',
      etag: `"u${i}"`,
    }));
    const groups = Array.from({ length: 401 }, (_, i) => ({
      id: `0${i}grp`,
      email: `group${i}@acme.example`,
      name: `Group ${i}`,
      directMembersCount: '3',
    }));
    this.#listings.set('/admin/directory/v1/users', { key: 'users', items: users, max: 500 });
    this.#listings.set('/admin/directory/v1/groups', { key: 'groups', items: groups, max: 200 });
    this.#listings.set('/admin/directory/v1/groups/group0%40acme.example/members', {
      key: 'members',
      items: Array.from({ length: 450 }, (_, i) => ({
        id: String(i),
        email: `user${i}@acme.example`,
        role: 'MEMBER',
        type: 'USER',
        status: 'ACTIVE',
      })),
      max: 200,
    });
    this.#listings.set('/admin/directory/v1/groups/empty%40acme.example/members', {
      key: 'members',
      items: [],
      max: 200,
    });
    this.#listings.set('/admin/directory/v1/customer/my_customer/devices/chromeos', {
      key: 'chromeosdevices',
      items: Array.from({ length: 700 }, (_, i) => ({
        deviceId: `cros-${i}`,
        serialNumber: `SN${i}`,
        status: 'ACTIVE',
      })),
      max: 300,
    });
    this.#listings.set('/admin/directory/v1/customer/my_customer/devices/mobile', {
      key: 'mobiledevices',
      items: Array.from({ length: 250 }, (_, i) => ({
        resourceId: `mob-${i}`,
        email: [`user${i}@acme.example`],
      })),
      max: 100,
    });
    this.#listings.set('/apps/licensing/v1/product/Google-Apps/users', {
      key: 'items',
      items: Array.from({ length: 2345 }, (_, i) => ({
        productId: 'Google-Apps',
        skuId: '1010020028',
        skuName: 'Google Workspace Business Standard',
        productName: 'Google Workspace',
        userId: `user${i}@acme.example`,
      })),
      max: 1000,
    });
    this.#singles.set('/admin/directory/v1/customer/my_customer/orgunits', {
      key: 'organizationUnits',
      items: [
        {
          name: 'IT',
          orgUnitPath: '/IT',
          orgUnitId: 'id:03ph8a2z1',
          parentOrgUnitPath: '/',
          parentOrgUnitId: 'id:root',
        },
      ],
    });
    this.#singles.set('/admin/directory/v1/customer/my_customer/domains', {
      key: 'domains',
      items: [{ domainName: 'acme.example', isPrimary: true, verified: true }],
    });
  }

  serviceAccountKey() {
    return {
      type: 'service_account',
      project_id: 'helios-test',
      private_key_id: 'abc123',
      private_key: this.privateKey,
      client_email: CLIENT_EMAIL,
      client_id: '1234567890',
    };
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.#handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', this.origin);
    const path = url.pathname;
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(data));
    };
    const googleError = (status: number, reason: string, message = reason) =>
      send(status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });

    const faultIndex = this.faults.findIndex((f) => f.path.test(path));
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.truncate) {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': '500' });
        res.write('{"users":[{"id":"1","primaryEm');
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      if (fault?.status !== undefined) {
        const status = fault.status;
        const reason = fault.reason ?? 'backendError';
        res.writeHead(status, {
          'content-type': 'application/json; charset=UTF-8',
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
        });
        res.end(
          JSON.stringify({
            error: { code: status, message: reason, errors: [{ message: reason, domain: 'global', reason }] },
          }),
        );
        return;
      }
    }

    if (req.method === 'POST' && path === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        send(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
        return;
      }
      const claims = this.#verify(form.get('assertion') ?? '');
      if (claims === undefined) {
        send(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
        return;
      }
      this.assertions.push(claims);
      send(200, { access_token: TOKEN, expires_in: 3599, token_type: 'Bearer' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      googleError(401, 'authError', 'Invalid Credentials');
      return;
    }
    const single = this.#singles.get(path);
    if (req.method === 'GET' && single) {
      send(200, single.items.length ? { kind: 'x', [single.key]: single.items } : { kind: 'x' });
      return;
    }
    const listing = this.#listings.get(path);
    if (req.method === 'GET' && listing) {
      const max = Math.min(Number(url.searchParams.get('maxResults') ?? '100'), listing.max);
      const token = url.searchParams.get('pageToken');
      const start = token === null ? 0 : Number(token.replace(/^p/, ''));
      if (!Number.isInteger(start)) {
        googleError(400, 'invalid', 'Invalid page token');
        return;
      }
      const items = listing.items.slice(start, start + max);
      const next = start + max < listing.items.length ? `p${start + max}` : undefined;
      const stuck = this.stuckUsersToken && path.endsWith('/users') ? 'p500' : next;
      send(200, {
        kind: 'x',
        ...(items.length ? { [listing.key]: items } : {}),
        ...(stuck === undefined ? {} : { nextPageToken: stuck }),
      });
      return;
    }
    if (path.startsWith('/admin/directory/v1/groups/') && path.endsWith('/members')) {
      googleError(404, 'notFound', 'Resource Not Found: groupKey');
      return;
    }
    googleError(404, 'notFound', 'Not Found');
  }

  #verify(assertion: string): Record<string, unknown> | undefined {
    const [header, payload, signature] = assertion.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return undefined;
    const ok = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(this.publicKey, Buffer.from(signature, 'base64url'));
    if (!ok) return undefined;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  }
}

describe('Google clients against a protocol stub', () => {
  const stub = new GoogleStub();
  let sent: SentRequest[] = [];
  let retries: RetryAttempt[] = [];
  let warnings: { details: Record<string, unknown>; message: string }[] = [];

  beforeAll(() => stub.start());
  afterAll(() => stub.stop());
  afterEach(() => {
    stub.faults = [];
    stub.stuckUsersToken = false;
  });

  function source(overrides: Partial<WorkspaceSourceOptions> = {}): WorkspaceSource {
    sent = [];
    retries = [];
    warnings = [];
    stub.requests.length = 0;
    stub.assertions.length = 0;
    return createWorkspaceSource({
      serviceAccountKey: stub.serviceAccountKey(),
      adminEmail: ADMIN,
      apiOrigin: stub.origin,
      retry: { sleep: async () => {}, onRetry: (attempt) => retries.push(attempt) },
      logger: { warn: (details, message) => warnings.push({ details, message }) },
      onRequest: (request) => sent.push(request),
      ...overrides,
    });
  }

  it('signs a JWT-bearer assertion for the admin with the sync scopes and sends it to the origin', async () => {
    const google = source();
    await google.domains();
    expect(stub.assertions).toHaveLength(1);
    const claims = stub.assertions[0];
    expect(claims).toMatchObject({
      iss: CLIENT_EMAIL,
      sub: ADMIN,
      scope: GOOGLE_SCOPES.join(' '),
      // The library signs for Google's token URL; only the transport is redirected.
      aud: 'https://oauth2.googleapis.com/token',
    });
    expect(Number(claims?.exp) - Number(claims?.iat)).toBe(3600);
    // Eight Directory/Licensing read scopes, and the audit log the incremental sync reads.
    expect(GOOGLE_SCOPES).toHaveLength(9);
    expect(GOOGLE_SCOPES).toContain('https://www.googleapis.com/auth/admin.reports.audit.readonly');
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /token',
      'GET /admin/directory/v1/customer/my_customer/domains',
    ]);
    expect(stub.requests[1]?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends no request to a Google host: every URL the transporter sends is on the origin', async () => {
    const google = source();
    await google.orgUnits();
    await collect(google.users());
    await collect(google.groups());
    await collect(google.groupMembers('group0@acme.example'));
    await collect(google.chromeOsDevices());
    await collect(google.mobileDevices());
    await collect(google.licenseAssignments('Google-Apps'));
    await google.domains();
    expect(sent.length).toBeGreaterThan(15);
    expect(sent.length).toBe(stub.requests.length);
    for (const request of sent) {
      expect(request.url.origin).toBe(stub.origin);
      expect(isGoogleHost(request.url.hostname)).toBe(false);
    }
    expect(new Set(sent.map((r) => r.url.pathname))).toEqual(
      new Set([
        '/token',
        '/admin/directory/v1/customer/my_customer/orgunits',
        '/admin/directory/v1/users',
        '/admin/directory/v1/groups',
        '/admin/directory/v1/groups/group0%40acme.example/members',
        '/admin/directory/v1/customer/my_customer/devices/chromeos',
        '/admin/directory/v1/customer/my_customer/devices/mobile',
        '/apps/licensing/v1/product/Google-Apps/users',
        '/admin/directory/v1/customer/my_customer/domains',
      ]),
    );
    // One token for the whole run.
    expect(stub.count('/token')).toBe(1);
  });

  it('pages every listing with the maximum page size and field masks', async () => {
    const google = source();
    const users = await collect(google.users());
    expect(users.items).toHaveLength(1234);
    expect(users.pages).toBe(3);
    expect(new Set(users.items.map((u) => u.id)).size).toBe(1234);
    const groups = await collect(google.groups());
    expect([groups.items.length, groups.pages]).toEqual([401, 3]);
    const members = await collect(google.groupMembers('group0@acme.example'));
    expect([members.items.length, members.pages]).toEqual([450, 3]);
    const chrome = await collect(google.chromeOsDevices());
    expect([chrome.items.length, chrome.pages]).toEqual([700, 3]);
    const mobile = await collect(google.mobileDevices());
    expect([mobile.items.length, mobile.pages]).toEqual([250, 3]);
    const licenses = await collect(google.licenseAssignments('Google-Apps'));
    expect([licenses.items.length, licenses.pages]).toEqual([2345, 3]);

    const query = (path: string) => stub.requests.find((r) => r.path === path)?.query;
    expect(Object.fromEntries(query('/admin/directory/v1/users') ?? [])).toEqual({
      customer: 'my_customer',
      maxResults: String(PAGE_SIZES.users),
      projection: 'full',
      fields: FIELD_MASKS.users,
    });
    expect(Object.fromEntries(query('/admin/directory/v1/groups') ?? [])).toEqual({
      customer: 'my_customer',
      maxResults: '200',
      fields: FIELD_MASKS.groups,
    });
    expect(query('/admin/directory/v1/groups/group0%40acme.example/members')?.get('maxResults')).toBe('200');
    expect(
      Object.fromEntries(query('/admin/directory/v1/customer/my_customer/devices/chromeos') ?? []),
    ).toEqual({
      maxResults: '300',
      projection: 'FULL',
      fields: FIELD_MASKS.chromeOsDevices,
    });
    expect(query('/admin/directory/v1/customer/my_customer/devices/mobile')?.get('maxResults')).toBe('100');
    const licensing = stub.requests.filter((r) => r.path === '/apps/licensing/v1/product/Google-Apps/users');
    expect(
      licensing.map((r) => [r.query.get('customerId'), r.query.get('maxResults'), r.query.get('pageToken')]),
    ).toEqual([
      // `my_customer` resolved to the real customer id (from a user record), as Licensing wants it.
      ['C03az79cb', '1000', null],
      ['C03az79cb', '1000', 'p1000'],
      ['C03az79cb', '1000', 'p2000'],
    ]);
    // Later pages carry the token of the previous page.
    const userPages = stub.requests.filter(
      (r) => r.path === '/admin/directory/v1/users' && r.query.get('fields') === FIELD_MASKS.users,
    );
    expect(userPages.map((r) => r.query.get('pageToken'))).toEqual([null, 'p500', 'p1000']);
  });

  it('uses a configured customer id everywhere', async () => {
    const google = source({ customerId: 'C0other' });
    await expect(google.domains()).rejects.toThrow(/404/);
    await expect(collect(google.licenseAssignments('Google-Apps'))).resolves.toMatchObject({ pages: 3 });
    expect(
      stub.requests
        .filter((r) => r.path.includes('/licensing/'))
        .every((r) => r.query.get('customerId') === 'C0other'),
    ).toBe(true);
    expect(stub.requests.some((r) => r.path === '/admin/directory/v1/customer/C0other/domains')).toBe(true);
  });

  it('returns org units and domains in one call each; empty lists are empty', async () => {
    const google = source();
    expect(await google.orgUnits()).toEqual([
      {
        name: 'IT',
        orgUnitPath: '/IT',
        orgUnitId: 'id:03ph8a2z1',
        parentOrgUnitPath: '/',
        parentOrgUnitId: 'id:root',
      },
    ]);
    expect(await google.domains()).toEqual([{ domainName: 'acme.example', isPrimary: true, verified: true }]);
    expect(await collect(google.groupMembers('empty@acme.example'))).toEqual({ items: [], pages: 0 });
  });

  it('counts every HTTP request: token, API calls and retries', async () => {
    const google = source();
    expect(google.requestCount()).toBe(0);
    stub.faults = [
      { path: /\/token$/, status: 503 },
      { path: /\/users$/, status: 429, reason: 'rateLimitExceeded' },
      { path: /\/users$/, drop: true },
    ];
    await collect(google.users());
    // token (503, then 200) + users page 1 (429, dropped, 200) + pages 2 and 3
    expect(google.requestCount()).toBe(2 + 3 + 2);
    expect(google.requestCount()).toBe(stub.requests.length);
    expect(google.requestCount()).toBe(sent.length);
  });

  it.each([
    ['429 rateLimitExceeded', { status: 429, reason: 'rateLimitExceeded' }],
    ['403 userRateLimitExceeded', { status: 403, reason: 'userRateLimitExceeded' }],
    ['403 quotaExceeded', { status: 403, reason: 'quotaExceeded' }],
    ['503 backendError', { status: 503, reason: 'backendError' }],
    ['500', { status: 500, reason: 'internalError' }],
    ['a dropped connection', { drop: true }],
    ['a body cut off mid-stream', { truncate: true }],
  ])('retries %s in the middle of a listing and completes it', async (_name, fault) => {
    const google = source();
    stub.faults = [{ path: /\/users$/, ...fault }];
    // Fail the second page, not the first.
    let seen = 0;
    const ids = new Set<string>();
    for await (const page of google.users()) {
      for (const user of page) ids.add(user.id);
      if (++seen === 1) stub.faults = [{ path: /\/users$/, ...fault }];
    }
    expect(ids.size).toBe(1234);
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({
      message: 'Google request failed; retrying',
      details: { operation: 'users.list' },
    });
  });

  it('retries a failing token request, then proceeds', async () => {
    const google = source();
    stub.faults = [
      { path: /\/token$/, status: 503 },
      { path: /\/token$/, drop: true },
    ];
    expect(await google.domains()).toHaveLength(1);
    expect(stub.count('/token')).toBe(3);
    expect(retries.map((r) => r.classification.status ?? r.classification.code)).toEqual([503, 'ECONNRESET']);
  });

  it('honours Retry-After through the clients', async () => {
    const sleeps: number[] = [];
    const google = source({
      retry: {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
      },
    });
    stub.faults = [{ path: /\/domains$/, status: 429, reason: 'rateLimitExceeded', retryAfter: '2' }];
    await google.domains();
    expect(sleeps).toEqual([2_000]);
  });

  it.each([
    ['404 notFound', { status: 404, reason: 'notFound' }, 404],
    ['403 forbidden', { status: 403, reason: 'forbidden' }, 403],
    ['400 invalid', { status: 400, reason: 'invalid' }, 400],
    ['401 authError', { status: 401, reason: 'authError' }, 401],
  ])('fails at once on %s', async (_name, fault, status) => {
    const google = source();
    stub.faults = [{ path: /\/chromeos$/, ...fault }];
    const error = await collect(google.chromeOsDevices()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({
      operation: 'chromeosdevices.list',
      attempts: 1,
      status,
      reason: fault.reason,
    });
    expect(stub.count('/admin/directory/v1/customer/my_customer/devices/chromeos')).toBe(1);
    expect(retries).toEqual([]);
  });

  it('fails at once for an unknown group', async () => {
    const google = source();
    const error = await collect(google.groupMembers('nobody@acme.example')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, reason: 'notFound', attempts: 1 });
    expect((error as Error).message).toMatch(/members\.list\(nobody@acme\.example\).*HTTP 404 notFound/);
  });

  it('throws out of an interrupted listing after the retries run out (the listing is incomplete)', async () => {
    const google = source({ retry: { sleep: async () => {}, maxAttempts: 5 } });
    const pages: number[] = [];
    const failure = (async () => {
      for await (const page of google.users()) {
        pages.push(page.length);
        stub.faults = Array.from({ length: 5 }, () => ({
          path: /\/users$/,
          status: 503,
          reason: 'backendError',
        }));
      }
    })();
    const error = await failure.catch((e: unknown) => e);
    expect(pages).toEqual([500]);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ attempts: 5, status: 503, reason: 'backendError', retryable: true });
  });

  it('fails a listing whose page token does not advance', async () => {
    const google = source();
    stub.stuckUsersToken = true;
    await expect(collect(google.users())).rejects.toThrow(/page token p500 came back twice/);
  });

  it('rejects a token that the fake cannot verify (wrong key) without retrying', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const google = source({ serviceAccountKey: { ...stub.serviceAccountKey(), private_key: privateKey } });
    const error = await google.domains().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, reason: 'invalid_grant', attempts: 1 });
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(stub.count('/token')).toBe(1);
  });

  it('validates its options', () => {
    const key = stub.serviceAccountKey();
    expect(() => source({ serviceAccountKey: { ...key, client_email: '' } })).toThrow(/client_email/);
    expect(() => source({ serviceAccountKey: { ...key, private_key: 'nope' } })).toThrow(/private_key/);
    expect(() => source({ adminEmail: 'admin' })).toThrow(/adminEmail/);
    expect(() => source({ apiOrigin: 'http://127.0.0.1:1/prefix' })).toThrow(/without a path/);
    expect(() => source({ apiOrigin: 'ftp://x' })).toThrow(/http/);
  });
});

// ---------------------------------------------------------------------------------------------
// The Workspace simulator: the whole generated organization, faults drawn at a rate.

describe('Google clients against the Workspace simulator', () => {
  const USERS = 1234;
  let sim: Simulator;
  let sent: SentRequest[] = [];
  let retries: RetryAttempt[] = [];

  beforeAll(async () => {
    // 1234 users (3 pages of 500), 450 groups (3 pages of 200), 617 Chrome OS devices (3 of 300),
    // 411 mobile devices (5 of 100), ~1.1k license assignments (2 of 1000).
    sim = await startSimulator({ directory: { users: USERS, seed: 11, groups: 450 } });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.clearFaults());

  function source(overrides: Partial<WorkspaceSourceOptions> = {}): WorkspaceSource {
    sent = [];
    retries = [];
    return createWorkspaceSource({
      serviceAccountKey: sim.serviceAccountKey(),
      adminEmail: sim.adminEmail,
      apiOrigin: sim.origin,
      retry: { sleep: async () => {}, onRetry: (attempt) => retries.push(attempt) },
      onRequest: (request) => sent.push(request),
      ...overrides,
    });
  }

  interface Snapshot {
    orgUnits: string[];
    users: string[];
    groups: string[];
    members: number;
    chrome: string[];
    mobile: string[];
    licenses: string[];
    domains: string[];
    pages: Record<string, number>;
  }

  /** Reads everything the sync reads, as the sync engine would (page by page). */
  async function readAll(google: WorkspaceSource): Promise<Snapshot> {
    const orgUnits = (await google.orgUnits()).map((ou) => ou.orgUnitId);
    const users = await collect(google.users());
    const groups = await collect(google.groups());
    let members = 0;
    let memberPages = 0;
    for (const group of groups.items) {
      const listing = await collect(google.groupMembers(group.id));
      members += listing.items.length;
      memberPages += listing.pages;
    }
    const chrome = await collect(google.chromeOsDevices());
    const mobile = await collect(google.mobileDevices());
    const licenses = await collect(google.licenseAssignments('Google-Apps'));
    const domains = (await google.domains()).map((d) => d.domainName);
    return {
      orgUnits: orgUnits.sort(),
      users: users.items.map((u) => `${u.id} ${u.primaryEmail} ${u.suspended ? 'S' : ''}`).sort(),
      groups: groups.items.map((g) => g.id).sort(),
      members,
      chrome: chrome.items.map((d) => d.deviceId).sort(),
      mobile: mobile.items.map((d) => d.resourceId).sort(),
      licenses: licenses.items.map((l) => `${l.userId} ${l.skuId}`).sort(),
      domains: domains.sort(),
      pages: {
        users: users.pages,
        groups: groups.pages,
        members: memberPages,
        chrome: chrome.pages,
        mobile: mobile.pages,
        licenses: licenses.pages,
      },
    };
  }

  let clean: Snapshot;

  it('pages every listing through the whole organization', async () => {
    const google = source();
    clean = await readAll(google);
    const counts = sim.counts();
    expect(clean.orgUnits).toHaveLength(counts.orgUnits);
    expect(clean.users).toHaveLength(counts.users);
    expect(new Set(clean.users).size).toBe(USERS);
    expect(clean.groups).toHaveLength(counts.groups);
    expect(clean.members).toBe(counts.groupMembers);
    expect(clean.chrome).toHaveLength(counts.chromeDevices);
    expect(clean.mobile).toHaveLength(counts.mobileDevices);
    expect(clean.licenses).toHaveLength(counts.licenses);
    expect(clean.domains).toHaveLength(counts.domains);
    expect(clean.pages).toMatchObject({
      users: Math.ceil(counts.users / 500),
      groups: Math.ceil(counts.groups / 200),
      chrome: Math.ceil(counts.chromeDevices / 300),
      mobile: Math.ceil(counts.mobileDevices / 100),
      licenses: Math.ceil(counts.licenses / 1000),
    });
    expect(clean.pages.users).toBeGreaterThan(1);
    expect(clean.pages.groups).toBeGreaterThan(1);
    expect(clean.pages.licenses).toBeGreaterThan(1);
    expect(retries).toEqual([]);
  });

  it('gets its token from the simulator and sends nothing anywhere else', async () => {
    const before = sim.requestCount();
    const tokenRequests = sim.requests.get('/token') ?? 0;
    const google = source();
    await collect(google.users());
    await collect(google.licenseAssignments('Google-Apps'));
    expect((sim.requests.get('/token') ?? 0) - tokenRequests).toBe(1);
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.url.href).toBe(sim.tokenUrl);
    for (const request of sent) expect(request.url.origin).toBe(sim.origin);
    // requestCount() is what the simulator received: token + every page (+ the customer id lookup).
    expect(google.requestCount()).toBe(sim.requestCount() - before);
    expect(google.requestCount()).toBe(sent.length);
  });

  it('retries injected faults (429, 403 quota, 503, slow, dropped) and ends with the same result', async () => {
    sim.setFaults({
      rate: 0.3,
      seed: 5,
      includeToken: true,
      slowMs: 20,
      kinds: ['rateLimit', 'userRateLimit', 'quota', 'backendError', 'slow', 'drop'],
    });
    const google = source();
    const faulty = await readAll(google);
    expect(faulty).toEqual(clean);
    const injected = sim.faultsInjected();
    const failures = Object.entries(injected)
      .filter(([kind]) => kind !== 'slow')
      .reduce((sum, [, n]) => sum + n, 0);
    expect(failures).toBeGreaterThan(20);
    expect(retries).toHaveLength(failures);
    expect(new Set(retries.map((r) => r.classification.status ?? r.classification.code))).toEqual(
      new Set([429, 403, 503, 'ECONNRESET']),
    );
  });

  it('retries a request that times out', async () => {
    sim.setFaults({ rate: 1, kinds: ['slow'], slowMs: 400 });
    const google = source({ timeoutMs: 100, retry: { sleep: async () => {}, maxAttempts: 2 } });
    const error = await google.domains().catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 2, code: 'TimeoutError', retryable: true });
  });

  it.each([
    ['403 forbidden', 'forbidden', 403],
    ['404 notFound', 'notFound', 404],
  ] as const)('fails at once on %s', async (_name, kind, status) => {
    const path = '/admin/directory/v1/users';
    const google = source();
    sim.failAfter(path, 0, kind);
    const before = sim.requests.get(path) ?? 0;
    const error = await collect(google.users()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ status, reason: kind, attempts: 1, retryable: false });
    expect((sim.requests.get(path) ?? 0) - before).toBe(1);
    expect(retries).toEqual([]);
  });

  it('fails at once for a group that does not exist', async () => {
    const google = source();
    const error = await collect(google.groupMembers('no-such-group@acme.example')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
  });

  it.each(['backendError', 'drop', 'rateLimit'] as const)(
    'throws out of a listing that dies midway (%s on every later page request)',
    async (kind) => {
      const path = /\/devices\/chromeos$/;
      const google = source();
      sim.failAfter(path, 1, kind);
      const pages: number[] = [];
      const error = await (async () => {
        for await (const page of google.chromeOsDevices()) pages.push(page.length);
      })().catch((e: unknown) => e);
      expect(pages).toEqual([300]); // the first page arrived, then the listing broke
      expect(error).toBeInstanceOf(GoogleApiError);
      expect(error).toMatchObject({ attempts: 6, retryable: true, operation: 'chromeosdevices.list' });
    },
  );

  it('fails at once when the service account is not delegated the scopes', async () => {
    const narrow = await startSimulator({
      directory: { users: 5, seed: 2 },
      delegatedScopes: GOOGLE_SCOPES.filter((scope) => !scope.endsWith('apps.licensing')),
    });
    try {
      const google = createWorkspaceSource({
        serviceAccountKey: narrow.serviceAccountKey(),
        adminEmail: narrow.adminEmail,
        apiOrigin: narrow.origin,
        retry: { sleep: async () => {} },
      });
      const error = await google.domains().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoogleApiError);
      expect(error).toMatchObject({ attempts: 1, retryable: false });
      expect((error as GoogleApiError).status).toBeGreaterThanOrEqual(400);
      expect((error as GoogleApiError).status).toBeLessThan(500);
      expect(narrow.requests.get('/token')).toBe(1);
    } finally {
      await narrow.close();
    }
  });

  it('fails at once when the admin is not an admin (wrong subject)', async () => {
    const google = source({ adminEmail: 'nobody@elsewhere.example' });
    const error = await google.domains().catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 1, retryable: false });
    expect(sent.map((r) => r.url.pathname)).toEqual(['/token']);
  });
});

describe('the Google transport', () => {
  it('recognises Google hosts', () => {
    for (const host of [
      'oauth2.googleapis.com',
      'admin.googleapis.com',
      'licensing.googleapis.com',
      'www.googleapis.com',
      'googleapis.com',
      'accounts.google.com',
      'ADMIN.GOOGLEAPIS.COM',
      'admin.googleapis.com.',
    ]) {
      expect(isGoogleHost(host), host).toBe(true);
    }
    for (const host of [
      '127.0.0.1',
      'localhost',
      'googleapis.com.evil.example',
      'notgoogleapis.com',
      'google.co',
    ]) {
      expect(isGoogleHost(host), host).toBe(false);
    }
  });

  it('rewrites Google URLs to the origin, keeping path and query', () => {
    const origin = 'http://127.0.0.1:8123';
    expect(rewriteToOrigin(new URL('https://oauth2.googleapis.com/token'), origin).href).toBe(
      `${origin}/token`,
    );
    expect(
      rewriteToOrigin(
        new URL('https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer&a=b%20c'),
        origin,
      ).href,
    ).toBe(`${origin}/admin/directory/v1/users?customer=my_customer&a=b%20c`);
    expect(rewriteToOrigin(new URL('http://example.com/x'), origin).href).toBe('http://example.com/x');
  });

  it('normalizes the origin', () => {
    expect(normalizeApiOrigin('http://127.0.0.1:8123/')).toBe('http://127.0.0.1:8123');
    expect(normalizeApiOrigin('https://Google-Fake.internal')).toBe('https://google-fake.internal');
    expect(() => normalizeApiOrigin('127.0.0.1:8123')).toThrow();
    expect(() => normalizeApiOrigin('http://u:p@127.0.0.1')).toThrow(/credentials/);
    expect(() => normalizeApiOrigin('http://127.0.0.1/?x=1')).toThrow(/without a path/);
  });

  it('sends the hard-coded token URL and any Google URL to the origin, and nothing elsewhere', async () => {
    const stub = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    try {
      const sent: string[] = [];
      const transport = createGoogleTransport({ apiOrigin: origin, onRequest: (r) => sent.push(r.url.href) });
      const token = await transport.transporter.request<{ path: string }>({
        url: 'https://oauth2.googleapis.com/token',
        method: 'POST',
        retryConfig: { httpMethodsToRetry: ['POST'] },
      });
      expect(token.data.path).toBe('/token');
      const api = await transport.transporter.request<{ path: string }>({
        url: 'https://www.googleapis.com/oauth2/v1/certs',
      });
      expect(api.data.path).toBe('/oauth2/v1/certs');
      await expect(transport.transporter.request({ url: 'http://198.51.100.7/x' })).rejects.toThrow(
        /Refusing/,
      );
      expect(sent).toEqual([`${origin}/token`, `${origin}/oauth2/v1/certs`]);
      expect(transport.requestCount()).toBe(2);
    } finally {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    }
  });

  it("switches gaxios' own retries off, even where the library asks for them", async () => {
    let hits = 0;
    const stub = createServer((_req, res) => {
      hits++;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    try {
      const transport = createGoogleTransport({ apiOrigin: origin });
      await expect(
        transport.transporter.request({
          url: 'https://oauth2.googleapis.com/token',
          method: 'POST',
          retry: true,
          retryConfig: { retry: 3, httpMethodsToRetry: ['POST'], retryDelay: 1 },
        }),
      ).rejects.toMatchObject({ status: 503 });
      expect(hits).toBe(1);
      expect(transport.requestCount()).toBe(1);
    } finally {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});
