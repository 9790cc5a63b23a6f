// What the HTTP benchmarks share: the real app on a loopback port with limits out of the way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createApp } from '../backend/src/app.ts';
import { attachCaches, type Listen, startCaches } from '../backend/src/core/cache.ts';
import type { Database } from '../backend/src/core/db/schema.ts';
import { createLogger } from '../backend/src/core/logger.ts';

export interface BenchApp {
  /** `http://127.0.0.1:<port>/api/v1` */
  base: string;
  close(): void;
}

/** Serves the app for a benchmark: silent logs, no rate limits (they would be what is measured). */
export async function startBenchApp(
  db: Kysely<Database>,
  pool: pg.Pool,
  organizationId: number,
  /** The handle's LISTEN: the app then caches actors and definitions as the server does. */
  listen?: Listen,
): Promise<BenchApp> {
  const caches = listen ? await startCaches(listen) : undefined;
  if (caches) attachCaches(db, caches);
  const app = createApp({
    db,
    pool,
    logger: createLogger('silent'),
    organizationId,
    identity: {
      audiences: [],
      orgDomain: 'bench.example',
      googleApiOrigin: undefined,
      bootstrapAdminEmail: undefined,
    },
    dataDir: '/tmp',
    encryptionKeys: { current: Buffer.alloc(32, 1).toString('base64'), previous: [] },
    rateLimits: { perIpPerMinute: 10_000_000, perActorPerMinute: 10_000_000, authFailuresPer15Minutes: 1000 },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    close() {
      server.closeAllConnections();
      server.close();
      void caches?.close();
    },
  };
}

/**
 * Counts every statement sent to PostgreSQL by this process (each is one round trip): pg.Client's
 * query is what kysely, pg.Pool and rate-limiter-flexible all end up calling.
 */
export function countStatements(pgModule: typeof pg): { readonly count: number } {
  const proto = pgModule.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const counter = { count: 0 };
  const trace = process.env.BENCH_TRACE === '1';
  proto.query = function (this: unknown, ...args: unknown[]) {
    counter.count++;
    // BENCH_TRACE=1 prints each statement's start: which round trips a request makes.
    if (trace) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
      console.log(`  sql: ${(text ?? '').replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    return original.apply(this, args);
  };
  return counter;
}

/** Statements per call of `fn`, over `n` sequential calls. */
export async function statementsPer(
  counter: { readonly count: number },
  n: number,
  fn: (i: number) => Promise<void>,
): Promise<number> {
  const before = counter.count;
  for (let i = 0; i < n; i++) await fn(i);
  return (counter.count - before) / n;
}
