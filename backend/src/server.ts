import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { attachCaches, type Caches, startCaches } from './core/cache.ts';
import { bootstrapOrganization } from './bootstrap.ts';
import { ConfigError, loadConfig, type Config } from './core/config.ts';
import { loadOrCreateKeyFile } from './core/crypto/key-file.ts';
import { openDatabase, type DatabaseHandle } from './core/db/connection.ts';
import { DataDirLockedError } from './core/db/data-dir-lock.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { type ContextDeps, moduleContext } from './context.ts';
import {
  connectDemoGoogle,
  connectDemoMicrosoft,
  startDemoGoogle,
  startDemoMicrosoft,
} from './modules/directory-sync/index.ts';
import type { GraphSimulator } from './simulators/microsoft/server.ts';
import { type Simulator, startSimulator } from './simulators/workspace/server.ts';
import { type RunningJobs, startJobs } from './jobs.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { createApiKey } from './modules/identity/commands/api-keys.ts';
import { ensureAdmin } from './modules/identity/commands/admins.ts';
import { DEMO_SIGN_IN_PATH, DEMO_WEB_CLIENT_ID, demoSignInPage } from './modules/identity/demo-sign-in.ts';
import { findUserByEmail } from './core/queries/users.ts';
import { buildWeb } from '../../scripts/build-web.mjs';
import { DEMO_ADDON_CLIENT_ID, demoAddonPreview, ensureAddonBundle } from './modules/addon-preview/index.ts';

/** A running backend: what graceful shutdown needs to stop. */
export interface RunningServer {
  url: string;
  /** An API key made for the demo admin on the very first start (printed once). */
  devApiKey: { email: string; key: string } | undefined;
  /** The demo's simulated Google sign-in is on (HELIOS_DEMO_SIGN_IN). */
  demoSignIn: boolean;
  stop(): Promise<void>;
}

/** Starts the backend: database, migrations, first-start bootstrap, background jobs, HTTP. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const encryptionKey = config.encryptionKey ?? loadOrCreateKeyFile(config.dataDir);
  const database: DatabaseHandle = await openDatabase(config);
  let caches: Caches | undefined;
  let server: Server | undefined;
  let jobs: RunningJobs | undefined;
  let demoGoogle: Simulator | undefined;
  let demoMicrosoft: GraphSimulator | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    // After the migrations: the triggers that notify the caches must exist before anything is cached.
    caches = await startCaches(database.listen, { ttlMs: config.cacheSeconds * 1000 });
    attachCaches(database.db, caches);

    const boot = await bootstrapOrganization(database.db, {
      name: config.orgName,
      primaryDomain: config.orgDomain,
      seedDemo: config.seedDemo,
    });
    if (boot.created)
      logger.info({ organization: boot.organization.name, demo: boot.demo }, 'created the organization');
    // With the demo, hand the newcomer a working credential: an API key for the demo admin,
    // printed once (only its hash is stored).
    let devApiKey: { email: string; key: string } | undefined;
    if (boot.created && boot.demo) {
      const admin = await findUserByEmail(database.db, boot.organization.id, `admin@${config.orgDomain}`);
      if (admin) {
        const created = await createApiKey(
          database.db,
          {
            organizationId: boot.organization.id,
            actor: undefined,
            ip: null,
            userAgent: 'helios-first-start',
          },
          { name: 'first-start demo key', user: admin, expiresAt: null },
        );
        devApiKey = { email: admin.email, key: created.key };
      }
    }

    // A fresh install has nobody to sign in as: HELIOS_BOOTSTRAP_ADMIN_EMAIL is made an admin now
    // (created if missing), not only on their first sign-in.
    if (config.bootstrapAdminEmail) {
      const ensured = await ensureAdmin(
        database.db,
        { organizationId: boot.organization.id, actor: undefined, ip: null, userAgent: 'helios-first-start' },
        { email: config.bootstrapAdminEmail, reason: 'HELIOS_BOOTSTRAP_ADMIN_EMAIL' },
      );
      if (ensured.outcome === 'created' || ensured.outcome === 'promoted')
        logger.info({ email: ensured.user.email, outcome: ensured.outcome }, 'bootstrap admin ready');
      if (ensured.outcome === 'refused') logger.warn({ email: ensured.user.email }, ensured.reason);
    }

    // After the bootstrap, so the first run finds the organization. HELIOS_JOBS=false leaves them
    // to other replicas.
    const keys = { current: encryptionKey, previous: config.previousEncryptionKeys };
    // Demo without Google: a simulator on loopback plays the organization's Workspace.
    if (config.demoGoogleUsers) {
      demoGoogle = await startDemoGoogle({
        users: config.demoGoogleUsers,
        domain: config.orgDomain,
        dataDir: config.dataDir,
      });
      logger.info(
        { origin: demoGoogle.origin, users: config.demoGoogleUsers },
        'demo Workspace simulator started',
      );
    }
    // Demo without Microsoft: a Graph simulator on loopback plays a tenant sharing those people.
    if (config.demoMicrosoftUsers) {
      demoMicrosoft = await startDemoMicrosoft({
        users: config.demoMicrosoftUsers,
        domain: config.orgDomain,
        dataDir: config.dataDir,
      });
      logger.info(
        { origin: demoMicrosoft.origin, users: config.demoMicrosoftUsers },
        'demo Graph simulator started',
      );
    }
    // The demo's sign-in: the simulator (the sync's, or one just for its ID-token keys) plays
    // Google, and the backend trusts its keys — only in this mode.
    if (config.demoSignIn && !demoGoogle) {
      demoGoogle = await startSimulator({ directory: { users: 5, seed: 1, domain: config.orgDomain } });
    }
    const audiences = [
      ...config.googleAudiences,
      ...(config.googleWebClientId ? [config.googleWebClientId] : []),
      ...(config.demoSignIn ? [DEMO_WEB_CLIENT_ID, DEMO_ADDON_CLIENT_ID] : []),
    ];
    const context: ContextDeps = {
      db: database.db,
      pool: database.pool,
      logger,
      organizationId: boot.organization.id,
      identity: {
        audiences,
        orgDomain: config.orgDomain,
        googleApiOrigin: demoGoogle?.origin ?? config.googleApiOrigin,
        microsoftLoginOrigin: demoMicrosoft?.origin ?? config.microsoftLoginOrigin,
        microsoftGraphOrigin: demoMicrosoft?.origin ?? config.microsoftGraphOrigin,
        bootstrapAdminEmail: config.bootstrapAdminEmail,
        webClientId: config.googleWebClientId,
        demoSignIn: config.demoSignIn
          ? { authorizeUrl: DEMO_SIGN_IN_PATH, clientId: DEMO_WEB_CLIENT_ID }
          : undefined,
        sessionHours: config.sessionHours,
      },
      dataDir: config.dataDir,
      encryptionKeys: keys,
      // The console's add-on preview signs in as its caller with the simulator's ID tokens.
      ...(config.demoSignIn && demoGoogle
        ? { addonPreview: demoAddonPreview(demoGoogle.idTokens, config.orgDomain) }
        : {}),
    };
    if (config.jobs) {
      jobs = await startJobs(database, { logger, connectionString: config.databaseUrl, context });
    }

    const app = createApp({
      ...context,
      ...(jobs ? { jobs: jobs.queue } : {}),
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
      ...(config.demoSignIn && demoGoogle
        ? {
            demoSignIn: {
              path: DEMO_SIGN_IN_PATH,
              handle: demoSignInPage({
                db: database.db,
                organizationId: boot.organization.id,
                domain: config.orgDomain,
                organizationName: boot.organization.name,
                issuer: demoGoogle.idTokens,
              }),
            },
          }
        : {}),
    });
    if (demoGoogle) {
      await connectDemoGoogle(
        moduleContext({ ...context, ...(jobs ? { jobs: jobs.queue } : {}) }),
        demoGoogle,
      );
    }
    if (demoMicrosoft) {
      await connectDemoMicrosoft(
        moduleContext({ ...context, ...(jobs ? { jobs: jobs.queue } : {}) }),
        demoMicrosoft,
      );
    }
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    // Keep-alive sockets would hold shutdown open; requests in flight still finish.
    server.keepAliveTimeout = 5_000;
    const { port } = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    const listening = server;
    return {
      url,
      devApiKey,
      demoSignIn: config.demoSignIn,
      async stop() {
        // Jobs stop alongside the HTTP server and both finish before the database closes: a running
        // job, like a request in flight, still needs its connection to settle.
        await Promise.all([
          closeServer(listening, config.shutdownTimeoutMs),
          jobs?.stop(config.shutdownTimeoutMs),
        ]);
        await demoGoogle?.close();
        await demoMicrosoft?.close();
        await caches?.close();
        await database.close();
      },
    };
  } catch (error) {
    server?.close();
    await jobs?.stop().catch(() => {});
    await demoGoogle?.close().catch(() => {});
    await demoMicrosoft?.close().catch(() => {});
    await caches?.close().catch(() => {});
    await database.close();
    throw error;
  }
}

/** Stops accepting connections, lets in-flight requests finish (up to the timeout), then closes. */
function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function banner(config: Config, running: RunningServer): string {
  const { url, devApiKey } = running;
  const consoleLine = running.demoSignIn
    ? [
        `  Console     ${url}  — "Sign in with Google (demo)", then pick a demo admin, manager, user or contact`,
      ]
    : [
        `  Console     ${url}${config.googleWebClientId ? '  — Google Sign-In' : '  — sign in with an API key (set HELIOS_GOOGLE_WEB_CLIENT_ID for Google)'}`,
      ];
  const auth = devApiKey
    ? [
        `  Sign in     API key for the demo admin ${devApiKey.email} (shown only now — keep it):`,
        '',
        `              ${devApiKey.key}`,
        '',
        `  Try it      curl -H "Authorization: Bearer ${devApiKey.key}" ${url}/api/v1/me`,
      ]
    : [
        '  Sign in     the add-on sends Google ID tokens (set HELIOS_GOOGLE_AUDIENCES); scripts use API keys:',
        `              stop the server, then: npm run helios -- api-key create --email <admin email>`,
      ];
  const lines = [
    '',
    `  Helios is running at ${url}`,
    '',
    ...consoleLine,
    `  API         ${url}/api/v1`,
    `  Health      ${url}/healthz   ${url}/readyz`,
    `  Database    ${config.databaseMode === 'embedded' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)'}`,
    `  Domain      ${config.orgDomain}`,
    ...(config.demoGoogleUsers
      ? [
          `  Google      demo Workspace simulator with ${config.demoGoogleUsers} users; watch GET /api/v1/sync/runs`,
        ]
      : []),
    ...(config.demoMicrosoftUsers
      ? [
          `  Microsoft   demo Graph simulator with ${config.demoMicrosoftUsers} users; watch GET /api/v1/sync/runs`,
        ]
      : []),
    ...auth,
    '',
    '  Stop with Ctrl+C.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`helios: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // `npm start` serves a current console with no extra command: rebuilt only when web/ or shared/
  // changed since the last build (the install's `prepare` built it once already).
  try {
    buildWeb();
  } catch (error) {
    logger.error({ err: error }, 'the web console could not be built; the API still starts');
  }
  // Likewise the add-on bundle the console's live preview runs (appsscript/dist, ~2 s with esbuild),
  // where the preview can run: the demo's sign-in mints the add-on's ID tokens.
  if (config.demoSignIn) {
    try {
      ensureAddonBundle();
    } catch (error) {
      logger.error({ err: error }, 'the add-on could not be built; its live preview will fail');
    }
  }
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`helios: ${error.message}\n`);
      process.exit(75); // EX_TEMPFAIL: try again once the other process is gone
    }
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
  process.stdout.write(banner(config, running));
  logger.info({ url: running.url }, 'listening');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl+C reaches both npm's launcher and us; the second copy is not a new request.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Started by scripts/node24.mjs (npm start): should the launcher die without forwarding a signal
  // (kill -9), we are re-parented — shut down gracefully rather than keep the port as an orphan.
  const launcher = Number(process.env.HELIOS_LAUNCHER_PID);
  if (launcher && process.ppid === launcher) {
    const watch = setInterval(() => {
      if (process.ppid !== launcher) shutdown('SIGTERM');
    }, 500);
    watch.unref();
  }
}

if (import.meta.main) {
  await main();
}
