import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Role } from '@helios/shared';
import { createApp } from '../../src/app.ts';
import { attachCaches, startCaches } from '../../src/core/cache.ts';
import { createApiKey } from '../../src/modules/identity/commands/api-keys.ts';
import { bootstrapOrganization } from '../../src/bootstrap.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { startSimulator, type Simulator } from '../../src/simulators/workspace/server.ts';
import type { IdTokenClaims } from '../../src/simulators/workspace/id-tokens.ts';
import type { RateLimits } from '../../src/core/http/rate-limit.ts';
import { createLogger } from '../../src/core/logger.ts';
import { insertUser, type UserRow } from '../../src/core/queries/users.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './databases.ts';

export const TEST_DOMAIN = 'acme.example';
export const TEST_AUDIENCE = '1234567890-helios.apps.googleusercontent.com';
export const BOOTSTRAP_ADMIN = 'root@acme.example';

/** Generous limits so ordinary tests never trip them; rate-limit tests pass their own. */
const relaxed: RateLimits = {
  perIpPerMinute: 100_000,
  perActorPerMinute: 100_000,
  authFailuresPer15Minutes: 100_000,
};

export interface ApiHarness {
  t: TestDatabase;
  /** The Express app itself (tests that inspect what is mounted). */
  app: ReturnType<typeof createApp>;
  /** The app's HELIOS_DATA_DIR (a temp dir, removed on close). */
  dataDir: string;
  /** The key-encryption keys the app was given. */
  encryptionKeys: { current: string; previous: string[] };
  url: string;
  organizationId: number;
  simulator: Simulator;
  /** A valid Google ID token for `email` (override any claim). */
  idToken(email: string, claims?: IdTokenClaims): string;
  /** Creates a user with a role and returns it with an API key acting as them. */
  user(role: Role, email?: string, extra?: Partial<UserRow>): Promise<{ user: UserRow; key: string }>;
  /** fetch against the API with a bearer token; JSON bodies are encoded. */
  api(token: string | undefined, method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;

/** A migrated database with the organization, the Workspace simulator, and the app on loopback. */
export async function startApi(
  backend: Backend,
  options: {
    rateLimits?: RateLimits;
    /** Collects every log line the app writes (at debug level). */
    logLines?: string[];
    /** HELIOS_MICROSOFT_LOGIN_ORIGIN / HELIOS_MICROSOFT_GRAPH_ORIGIN (the Graph simulator). */
    microsoftOrigin?: string;
    /** The add-on preview's limit per call (its tokens are the simulator's); false: no preview. */
    addonPreview?: { callLimitMs?: number } | false;
  } = {},
): Promise<ApiHarness> {
  const t = await createTestDatabase(backend, 'api');
  await migrateToLatest(t.handle.db);
  const { organization } = await bootstrapOrganization(t.handle.db, {
    name: 'Acme',
    primaryDomain: TEST_DOMAIN,
    seedDemo: false,
  });
  // As the server does (backend/src/server.ts): every test runs through the caches and their
  // NOTIFY invalidation, so each revocation test also proves the cache drops what it revokes.
  const caches = await startCaches(t.handle.listen);
  attachCaches(t.handle.db, caches);
  const simulator = await startSimulator();
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-api-'));
  const encryptionKeys = { current: randomBytes(32).toString('base64'), previous: [] as string[] };
  const app = createApp({
    db: t.handle.db,
    pool: t.handle.pool,
    logger: options.logLines
      ? createLogger(
          'debug',
          new Writable({
            write(chunk: Buffer, _enc, done) {
              options.logLines?.push(chunk.toString());
              done();
            },
          }),
        )
      : createLogger('silent'),
    organizationId: organization.id,
    identity: {
      audiences: [TEST_AUDIENCE],
      orgDomain: TEST_DOMAIN,
      googleApiOrigin: simulator.origin,
      bootstrapAdminEmail: BOOTSTRAP_ADMIN,
      ...(options.microsoftOrigin
        ? { microsoftLoginOrigin: options.microsoftOrigin, microsoftGraphOrigin: options.microsoftOrigin }
        : {}),
    },
    dataDir,
    encryptionKeys,
    rateLimits: options.rateLimits ?? relaxed,
    ...(options.addonPreview === false
      ? {}
      : {
          addonPreview: {
            idToken: (email: string) =>
              simulator.idTokens.sign({
                aud: TEST_AUDIENCE,
                sub: `sub-${email}`,
                email,
                email_verified: true,
                hd: TEST_DOMAIN,
              }),
            ...(options.addonPreview?.callLimitMs !== undefined
              ? { callLimitMs: options.addonPreview.callLimitMs }
              : {}),
          },
        }),
    // Every JSON answer of every test is checked against its route's declared schema.
    checkResponses: true,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = { organizationId: organization.id, actor: undefined, ip: '127.0.0.1', userAgent: 'test' };

  return {
    t,
    app,
    dataDir,
    encryptionKeys,
    url,
    organizationId: organization.id,
    simulator,
    idToken: (email, claims = {}) =>
      simulator.idTokens.sign({
        aud: TEST_AUDIENCE,
        sub: `sub-${email}`,
        email,
        email_verified: true,
        hd: TEST_DOMAIN,
        ...claims,
      }),
    async user(role, email, extra = {}) {
      counter += 1;
      const user = await insertUser(t.handle.db, {
        organization_id: organization.id,
        email: email ?? `${role}${counter}@${role === 'contact' ? 'vendor.example' : TEST_DOMAIN}`,
        first_name: role,
        last_name: String(counter),
        role,
        ...extra,
      });
      const { key } = await createApiKey(t.handle.db, ctx, { name: 'test', user, expiresAt: null });
      return { user, key };
    },
    api: (token, method, path, body) =>
      fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
      await caches.close();
      await t.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
