import { type ConstructorOptions, type Db, PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { DatabaseHandle } from '../db/connection.ts';

/** How often pg-boss looks for work; tests shorten these. */
export interface BossTimings {
  /** How often the schedule pass runs (the claim that lets one replica evaluate cron). */
  cronMonitorIntervalSeconds: number;
  /** How often due schedule occurrences are forwarded to their queues. */
  cronWorkerIntervalSeconds: number;
  /** How often a worker polls its queue. */
  pollingIntervalSeconds: number;
}

/**
 * Production timings: a job starts within seconds of being due, and in embedded mode the polls stay
 * rare enough not to crowd API requests off the one connection.
 */
export const defaultTimings: BossTimings = {
  cronMonitorIntervalSeconds: 30,
  cronWorkerIntervalSeconds: 5,
  pollingIntervalSeconds: 10,
};

/**
 * pg-boss's database interface over our one-connection PGlite pool.
 *
 * Not pg-boss's `fromPglite`: it talks to the PGlite instance directly, past the pool, and PGlite
 * is a single session, so a pg-boss statement issued while the app holds a transaction runs *inside*
 * that transaction (and is rolled back with it, or rolls it back on error). Going through the pool
 * makes pg-boss wait its turn like any other caller. Not `fromKysely` either: kysely returns no rows
 * for pg-boss's multi-statement `BEGIN … COMMIT` blocks, which node-postgres answers with an array.
 */
export function poolDb(pool: pg.Pool): Db {
  return {
    async executeSql(text, values) {
      const client = await pool.connect();
      try {
        // pg-boss reads both shapes: one result, or an array of them for multi-statement text.
        return (await client.query(text, values)) as pg.QueryResult;
      } catch (error) {
        // A failed statement inside one of pg-boss's BEGIN … COMMIT blocks leaves the session in an
        // aborted transaction. A pooled server connection would be discarded; our only session is
        // reused by the next caller, so end the transaction here (a no-op warning outside one).
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

export interface BossOptions {
  /** The server's connection string (server mode): pg-boss opens its own small pool with it. */
  connectionString: string | undefined;
  timings?: Partial<BossTimings>;
}

/**
 * A pg-boss instance on our database, not yet started. With a PostgreSQL server it gets its own
 * connections, so a long API transaction never delays a job and vice versa; in embedded mode there
 * is only PGlite's one connection, so it shares our pool (see poolDb). Its tables live in the
 * `pgboss` schema, outside `public` where the migrations and generated types look.
 */
export function createBoss(database: Pick<DatabaseHandle, 'mode' | 'pool'>, options: BossOptions): PgBoss {
  const timings = { ...defaultTimings, ...options.timings };
  const common: ConstructorOptions = {
    schema: 'pgboss',
    cronMonitorIntervalSeconds: timings.cronMonitorIntervalSeconds,
    cronWorkerIntervalSeconds: timings.cronWorkerIntervalSeconds,
  };
  if (database.mode === 'embedded') {
    return new PgBoss({ ...common, db: poolDb(database.pool), backend: 'pglite' });
  }
  if (!options.connectionString) {
    throw new Error('pg-boss needs the connection string of the PostgreSQL server');
  }
  return new PgBoss({
    ...common,
    connectionString: options.connectionString,
    // Polls, the schedule pass and one running job at a time need few connections.
    max: 3,
    application_name: 'helios-jobs',
  });
}
