import type { IncomingMessage, ServerResponse } from 'node:http';
import cookieParser from 'cookie-parser';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { pendingMigrations } from './core/db/migrate.ts';
import { authenticate } from './core/http/authenticate.ts';
import { docsRoutes } from './core/http/docs.ts';
import { errorHandler, notFoundHandler } from './core/http/error-handler.ts';
import { HttpError } from './core/errors.ts';
import { DEFAULT_RATE_LIMITS, rateLimiters, type RateLimits } from './core/http/rate-limit.ts';
import { redactUrl } from './core/http/redact-url.ts';
import { mountRoutes, type RouteSpec } from './core/http/route.ts';
import { webConsole } from './core/http/web-console.ts';
import type { ModuleContext } from './core/module.ts';
import { openApiDocument } from './core/openapi/document.ts';
import { type ContextDeps, moduleContext } from './context.ts';

export interface AppDeps extends ContextDeps {
  rateLimits?: RateLimits;
  /** Express `trust proxy`: set when Helios runs behind a reverse proxy, so req.ip is the client's. */
  trustProxy?: boolean | number | string;
  /** Check every JSON response against its route's declared schema (tests): a mismatch is a 500. */
  checkResponses?: boolean;
  /** The built web console (default web/dist); false serves no console. */
  consoleDir?: string | false;
  /** The demo's sign-in page (the Workspace simulator playing Google), mounted at `path`. */
  demoSignIn?: { path: string; handle(req: IncomingMessage, res: ServerResponse): Promise<void> };
}

/** JSON bodies above this size are refused with 413 (uploads have their own, larger limit). */
export const JSON_BODY_LIMIT = '1mb';

/**
 * Builds the Express app without listening, so tests can serve it on an ephemeral port.
 * Order: security headers → request log → body parsing → routes and public pages → the web console → 404 → error
 * shape. Every API route comes from a module of the registry.
 */
export function createApp(deps: AppDeps): Express {
  const { db, logger } = deps;
  const ctx = moduleContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      // Share keys and secrets sent in a query string never reach the log. The URL (redacted)
      // carries what `query` and `params` would repeat unredacted.
      serializers: {
        req: ({ query: _query, params: _params, ...req }: { url?: string } & Record<string, unknown>) => ({
          ...req,
          url: redactUrl(req.url ?? ''),
        }),
      },
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  // Only the session cookie is read; nothing is signed with cookie-parser's secret.
  app.use(cookieParser());

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

  const routes = ctx.registry.modules.flatMap((m) => m.routes?.(ctx) ?? []);
  let document: object | undefined;
  const docs = docsRoutes(() => {
    document ??= openApiDocument(routes);
    return document;
  });
  app.use(docs.pages);
  const demoSignIn = deps.demoSignIn;
  if (demoSignIn) {
    app.all(demoSignIn.path, async (req, res) => {
      await demoSignIn.handle(req, res);
    });
  }
  // The API document is public (it is the contract); so are routes a module marks public (the
  // shared ticket view, sign-in), each behind the per-address budget. Everything else authenticates.
  app.use('/api/v1', docs.api);
  const limiters = rateLimiters(deps.pool, deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  const mount = { checkResponses: deps.checkResponses ?? false };
  const publicRoutes = routes.filter((r) => r.public);
  app.use('/api/v1', mountRoutes(publicRoutes, { ...mount, guards: [limiters.perAddress] }));
  // Modules' public pages (the shared ticket view) are public routes too: the same per-address budget.
  for (const spec of ctx.registry.modules.flatMap((m) => m.pages?.(ctx) ?? [])) {
    app.get(spec.path, limiters.perAddress, async (req, res) => {
      await spec.handle(req, res);
    });
  }
  app.use(
    '/api/v1',
    apiRouter(
      deps,
      ctx,
      limiters.perActor,
      routes.filter((r) => !r.public),
      mount,
    ),
  );
  // A failed authentication (a bad bearer token, cookie or sign-in) counts against its address when
  // it fails — never on arrival, never for a valid credential; too many answer 429 instead.
  app.use(
    '/api/v1',
    (error: unknown, req: express.Request, _res: express.Response, next: express.NextFunction) => {
      if (error instanceof HttpError && error.status === 401) {
        limiters.failedAuthentication(req.ip).then(() => next(error), next);
        return;
      }
      next(error);
    },
  );
  if (deps.consoleDir !== false) {
    app.use(
      webConsole({
        ...(deps.consoleDir ? { dir: deps.consoleDir } : {}),
        googleSignIn: Boolean(deps.identity.webClientId && !deps.identity.demoSignIn),
      }),
    );
  }
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

/**
 * /api/v1: authenticate → per-user and per-key limit → routes. Nothing below `authenticate`
 * answers without a valid identity.
 */
function apiRouter(
  deps: AppDeps,
  ctx: ModuleContext,
  perActor: express.RequestHandler,
  routes: RouteSpec[],
  mount: { checkResponses: boolean },
): Router {
  const router = express.Router();
  router.use(
    authenticate({
      db: deps.db,
      verifier: ctx.idTokens,
      organizationId: deps.organizationId,
      bootstrapAdminEmail: deps.identity.bootstrapAdminEmail,
      sessionHours: deps.identity.sessionHours,
    }),
  );
  router.use(perActor);
  router.use(mountRoutes(routes, mount));
  return router;
}
