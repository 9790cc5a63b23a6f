import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { DB } from './db/connection.ts';
import { pendingMigrations } from './db/migrate.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import type { Logger } from './logger.ts';

export interface AppDeps {
  db: DB;
  logger: Logger;
}

/** JSON bodies above this size are refused with 413 (uploads have their own, larger limit). */
export const JSON_BODY_LIMIT = '1mb';

/**
 * Builds the Express app without listening, so tests can serve it on an ephemeral port.
 * Order: security headers → request log → body parsing → routes → 404 → error shape.
 */
export function createApp({ db, logger }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
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

  app.use('/api/v1', apiRouter());
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

function apiRouter(): Router {
  const router = express.Router();
  return router;
}
