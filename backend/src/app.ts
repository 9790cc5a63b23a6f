import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { DB } from './core/db/connection.ts';
import { pendingMigrations } from './core/db/migrate.ts';
import { errorHandler, notFoundHandler } from './core/http/error-handler.ts';
import { createIdTokenVerifier } from './core/auth/google-id-token.ts';
import { authenticate } from './core/http/authenticate.ts';
import {
  authFailureLimiter,
  DEFAULT_RATE_LIMITS,
  perActorLimiter,
  perIpLimiter,
  type RateLimits,
} from './core/http/rate-limit.ts';
import type { Logger } from './core/logger.ts';
import { apiKeyRoutes } from './modules/identity/routes/api-keys.ts';
import { auditLogRoutes } from './modules/audit/routes/audit-logs.ts';
import { meRoutes } from './modules/identity/routes/me.ts';
import { contentRoutes } from './modules/documentation/routes/content.ts';
import type { RouteDeps } from './core/module.ts';
import { directoryRoutes } from './modules/relations/routes/directory.ts';
import { discoveryRoutes } from './modules/search/routes/discovery.ts';
import { googleRoutes } from './modules/directory-sync/routes/google.ts';
import { notificationRoutes } from './modules/notifications/routes/notifications.ts';
import { sharedTicketRoutes } from './modules/tickets/routes/shared-tickets.ts';
import { ticketRoutes } from './modules/tickets/routes/tickets.ts';
import { docsRoutes } from './core/http/docs.ts';
import { inventoryRoutes } from './modules/documentation/routes/inventory.ts';
import { recordRoutes } from './core/records/routes.ts';
import { vaultRoutes } from './modules/vault/routes/vault.ts';
import { resources } from './modules/index.ts';

export interface AppDeps {
  db: DB;
  logger: Logger;
  /** The installation's organization (created at first start). */
  organizationId: number;
  identity: {
    audiences: string[];
    orgDomain: string;
    googleApiOrigin: string | undefined;
    bootstrapAdminEmail: string | undefined;
  };
  /** HELIOS_DATA_DIR (uploaded files). */
  dataDir: string;
  /** Key-encryption keys for secrets at rest. */
  encryptionKeys: { current: string; previous: string[] };
  /** Queues a Google sync run (set when this process runs background jobs). */
  enqueueGoogleSync?: (runId: number) => Promise<void>;
  rateLimits?: RateLimits;
  /** Express `trust proxy`: set when Helios runs behind a reverse proxy, so req.ip is the client's. */
  trustProxy?: boolean | number | string;
}

/** JSON bodies above this size are refused with 413 (uploads have their own, larger limit). */
export const JSON_BODY_LIMIT = '1mb';

/**
 * Builds the Express app without listening, so tests can serve it on an ephemeral port.
 * Order: security headers → request log → body parsing → routes → 404 → error shape.
 */
export function createApp(deps: AppDeps): Express {
  const { db, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));

  app.get('/healthz', (_req, res) => {
    res.json({ data: { status: 'ok' } });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json({ data: { status: 'migrating', pendingMigrations: pending } });
        return;
      }
      res.json({ data: { status: 'ready' } });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ data: { status: 'database_unreachable' } });
    }
  });

  const docs = docsRoutes();
  app.use(docs.pages);
  // The API document is public (it is the contract); everything else under /api/v1 authenticates.
  app.use('/api/v1', docs.api);
  // The public ticket view (long random key, own rate limit) is the one unauthenticated API route.
  app.use('/api/v1', sharedTicketRoutes(routeDepsOf(deps)));
  app.use('/api/v1', apiRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

const routeDepsOf = (deps: AppDeps): RouteDeps => ({
  db: deps.db,
  logger: deps.logger,
  dataDir: deps.dataDir,
  encryptionKeys: deps.encryptionKeys,
  ...(deps.enqueueGoogleSync ? { enqueueGoogleSync: deps.enqueueGoogleSync } : {}),
});

/**
 * /api/v1: per-IP limit → failed-auth limit → authenticate → per-user limit → routes.
 * Nothing below `authenticate` answers without a valid identity.
 */
function apiRouter(deps: AppDeps): Router {
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const router = express.Router();
  router.use(perIpLimiter(limits));
  router.use(authFailureLimiter(limits));
  router.use(
    authenticate({
      db: deps.db,
      verifier: createIdTokenVerifier({
        audiences: deps.identity.audiences,
        orgDomain: deps.identity.orgDomain,
        apiOrigin: deps.identity.googleApiOrigin,
      }),
      organizationId: deps.organizationId,
      bootstrapAdminEmail: deps.identity.bootstrapAdminEmail,
    }),
  );
  router.use(perActorLimiter(limits));
  router.use(meRoutes());
  router.use(apiKeyRoutes(deps.db));
  router.use(auditLogRoutes(deps.db));
  const routeDeps = routeDepsOf(deps);
  // Group routes first: their specific paths (e.g. /credentials/:id/reveal, /files/:id/download)
  // sit beside the generic record routes of the same resources.
  router.use(inventoryRoutes(routeDeps));
  router.use(vaultRoutes(routeDeps));
  router.use(contentRoutes(routeDeps));
  router.use(directoryRoutes(routeDeps));
  router.use(discoveryRoutes(routeDeps));
  router.use(ticketRoutes(routeDeps));
  router.use(notificationRoutes(routeDeps));
  router.use(googleRoutes(routeDeps));
  for (const def of resources) router.use(recordRoutes(deps.db, def));
  return router;
}
