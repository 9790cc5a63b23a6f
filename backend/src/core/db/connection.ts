import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CacheWritesPlugin, type Listen } from '../cache.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import type { Database } from './schema.ts';

/** Kysely over our schema; the only handle queries and commands receive. */
export type DB = Kysely<Database>;

/** An open database, whichever kind: a pg.Pool in both cases, so everything above is identical. */
export interface DatabaseHandle {
  readonly db: DB;
  readonly pool: pg.Pool;
  readonly mode: 'server' | 'embedded';
  /** LISTEN on a channel (the caches' invalidation, core/cache.ts): its own connection on a server. */
  readonly listen: Listen;
  /** Closes the pool (and PGlite, and the data-dir lock in embedded mode). Idempotent. */
  close(): Promise<void>;
}

const { builtins } = pg.types;

/**
 * Type parsing shared by both modes. Date-only columns stay `YYYY-MM-DD` strings (a JS Date would
 * shift them by the local zone); 64-bit integers (counts, bigint ids) become numbers — every value
 * Helios stores there is far below 2^53.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === builtins.DATE) return (value: string) => value;
    if (oid === builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface ServerOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/** Connects to a PostgreSQL server. */
export function openServerDatabase(options: ServerOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'helios',
    types: typeParsers,
  });
  // A pooled connection cannot hold a LISTEN (it goes back to the pool): one client of its own.
  const listen: Listen = async (channel, onPayload, onDown) => {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: `${options.applicationName ?? 'helios'}-listen`,
    });
    let over = false;
    const fail = (error: unknown) => {
      if (over) return;
      over = true;
      client.end().catch(() => {});
      onDown(error);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the listening connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      over = true;
      await client.end().catch(() => {});
      throw error;
    }
    return async () => {
      over = true;
      await client.end().catch(() => {});
    };
  };
  return wrap(pool, 'server', listen, async () => {});
}

export interface EmbeddedOptions {
  /** Directory that holds `pgdata/` and the lock file; `memory://` for a throwaway in-memory database. */
  dataDir: string;
}

/**
 * Opens PGlite through its node-postgres adapter behind a one-connection pg.Pool. PGlite is a single
 * connection, so the pool serialises callers; the connection timeout turns a stuck transaction into
 * an error instead of a hang.
 */
export async function openEmbeddedDatabase(options: EmbeddedOptions): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  let dataDir: string;
  if (options.dataDir === 'memory://') {
    dataDir = 'memory://';
  } else {
    lock = await lockDataDir(options.dataDir);
    dataDir = join(options.dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const pool = new pg.Pool({
    ...createPgConfig(lite),
    max: 1,
    connectionTimeoutMillis: 30_000,
    types: typeParsers,
  });
  // One process, one database: PGlite delivers a committed NOTIFY to its own listeners.
  const listen: Listen = async (channel, onPayload) => lite.listen(channel, onPayload);
  return wrap(pool, 'embedded', listen, async () => {
    await lite.close();
    await lock?.release();
  });
}

/** Opens whichever database the configuration names. */
export async function openDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openServerDatabase({ connectionString: config.databaseUrl })
    : openEmbeddedDatabase({ dataDir: config.dataDir });
}

function wrap(
  pool: pg.Pool,
  mode: 'server' | 'embedded',
  listen: Listen,
  after: () => Promise<void>,
): DatabaseHandle {
  // A client that errors must never crash the process: an idle one (server restart) is replaced by
  // the pool; a checked-out one (a backend terminated inside a transaction, a failover) emits
  // 'error' on itself, and its query rejects — the request then answers 503 (core/http/
  // error-handler.ts) and the pool drops the client when it is released broken.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CacheWritesPlugin()],
  });
  let closing: Promise<void> | undefined;
  return {
    db,
    pool,
    mode,
    listen,
    close() {
      closing ??= (async () => {
        await db.destroy(); // ends the pool
        await after();
      })();
      return closing;
    },
  };
}

// Errors that mean "the database is not there right now", not "this query is wrong": the server
// went away (admin shutdown, crash, failover), refuses connections, or the pool timed out waiting.
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|terminating connection)|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error says the database is unreachable (answered 503 `unavailable`, retried). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CODES.has(code)))
    return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}
