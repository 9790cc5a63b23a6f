// What the HTTP benchmarks share: the real app on a loopback port with limits out of the way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createApp } from '../backend/src/app.ts';
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
): Promise<BenchApp> {
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
    },
  };
}
