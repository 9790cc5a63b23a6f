import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  RawNode,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';
import type { Database } from './db/schema.ts';

/*
 * What one process caches of the rows every request reads and that rarely change: who an API key,
 * a session or a Google account acts as, custom-field definitions, ticket statuses.
 *
 * Invalidation is the database's: triggers (migration 20261201153339_cache_invalidation) NOTIFY
 * `helios_cache` with the changed table's name whoever wrote it — a route, the CLI, the directory
 * sync, another replica, psql — and each process LISTENs and drops that table's entries. So a
 * revoked key, a deactivated person or a demoted role is refused by every replica as soon as the
 * notification arrives (milliseconds after commit). Two backstops bound it when that is not so:
 *   - entries live `ttlMs` at most (HELIOS_CACHE_SECONDS, default 5 s), so a notification lost
 *     with a dropped listener connection costs at most that;
 *   - while the listener is not connected nothing is cached at all, and a value loaded while its
 *     table changed is not kept (a read racing a revocation cannot outlive it).
 * Queries reach the cache through `cachesOf(db)`: only the process's own root handle has one, so
 * reads inside a transaction always see the database.
 */

/** What is cached: who a credential acts as, and two tables' rows. */
export type CachedTable = 'actors' | 'custom_fields' | 'ticket_statuses';

/**
 * Which caches a changed table (a trigger's NOTIFY payload) drops. An actor depends on three
 * tables: a change to any of them drops every cached actor (such changes are rare).
 */
const DEPENDENTS: Record<string, readonly CachedTable[]> = {
  organization_users: ['actors'],
  api_keys: ['actors'],
  auth_sessions: ['actors'],
  custom_fields: ['custom_fields'],
  ticket_statuses: ['ticket_statuses'],
};

export const CACHE_CHANNEL = 'helios_cache';

/** LISTENs on a channel until the returned function is called; `down` when the connection drops. */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
  onDown: (error: unknown) => void,
) => Promise<() => Promise<void>>;

export interface Caches {
  /** `key`'s value in `table`'s cache, else `load()` (kept unless the table changed meanwhile). */
  get<T>(table: CachedTable, key: string, load: () => Promise<T>): Promise<T>;
  /** Replaces a cached value in place (an API key's last-use stamp), if it is still cached. */
  update<T>(table: CachedTable, key: string, change: (value: T) => T): void;
  /** Drops what was cached from `table` (and what depends on it). */
  changed(table: string): void;
  /** Whether values are being kept (the listener is connected). */
  readonly live: boolean;
  close(): Promise<void>;
}

interface Entry {
  value: unknown;
  expires: number;
}

export const DEFAULT_CACHE_TTL_MS = 5_000;

/** Entries one cache holds at most (credentials used within a few seconds, definitions per table). */
const MAX_ENTRIES = 10_000;

/**
 * Caches kept in step through `listen` (the database handle's LISTEN). Starts not live; becomes
 * live once LISTEN is acknowledged, and falls back to no caching (retrying every second) when the
 * listener's connection drops.
 */
export async function startCaches(listen: Listen, options: { ttlMs?: number } = {}): Promise<Caches> {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const stores = new Map<CachedTable, Map<string, Entry>>();
  const generations = new Map<CachedTable, number>();
  let live = false;
  let closed = false;
  let unlisten: (() => Promise<void>) | undefined;
  let retry: NodeJS.Timeout | undefined;

  const clearAll = () => {
    for (const table of stores.keys()) generations.set(table, (generations.get(table) ?? 0) + 1);
    stores.clear();
  };
  const changed = (table: string) => {
    for (const t of DEPENDENTS[table] ?? []) {
      stores.delete(t);
      generations.set(t, (generations.get(t) ?? 0) + 1);
    }
  };
  const connect = async (): Promise<void> => {
    try {
      unlisten = await listen(CACHE_CHANNEL, changed, () => {
        live = false;
        clearAll();
        unlisten = undefined;
        if (!closed) retry = setTimeout(() => void connect(), 1000).unref();
      });
      live = !closed;
    } catch {
      live = false;
      if (!closed) retry = setTimeout(() => void connect(), 1000).unref();
    }
  };
  await connect();

  const caches: Caches = {
    get live() {
      return live;
    },
    async get<T>(table: CachedTable, key: string, load: () => Promise<T>): Promise<T> {
      if (!live || ttlMs <= 0) return load();
      const store = stores.get(table);
      const hit = store?.get(key);
      if (hit && hit.expires > Date.now()) return hit.value as T;
      const generation = generations.get(table) ?? 0;
      const value = await load();
      // A change notified while loading may predate what was read, or not: keep nothing then.
      // Misses are not kept either (a first sign-in creates the person it did not find).
      if (value !== undefined && live && (generations.get(table) ?? 0) === generation) {
        let s = stores.get(table);
        // Entries only expire when read again: a cache that grew past its cap starts over.
        if (!s || s.size >= MAX_ENTRIES) stores.set(table, (s = new Map()));
        s.set(key, { value, expires: Date.now() + ttlMs });
      }
      return value;
    },
    update<T>(table: CachedTable, key: string, change: (value: T) => T) {
      const entry = stores.get(table)?.get(key);
      if (entry) entry.value = change(entry.value as T);
    },
    changed,
    async close() {
      closed = true;
      live = false;
      running.delete(caches);
      clearTimeout(retry);
      clearAll();
      await unlisten?.();
    },
  };
  running.add(caches);
  return caches;
}

const attached = new WeakMap<Kysely<Database>, Caches>();

/** Makes `caches` the cache of queries run on `db` (the process's root handle). */
export function attachCaches(db: Kysely<Database>, caches: Caches): void {
  attached.set(db, caches);
}

/** The caches of `db`, if it is a root handle that has them (never a transaction). */
export function cachesOf(db: Kysely<Database>): Caches | undefined {
  return db.isTransaction ? undefined : attached.get(db);
}

/** Reads through the cache of `db` where it has one; straight from the database otherwise. */
export function cached<T>(
  db: Kysely<Database>,
  table: CachedTable,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const caches = cachesOf(db);
  return caches ? caches.get(table, key, load) : load();
}

// ——— Writes of this process, seen as they happen ———

/** Every running cache of this process (a test process may hold several databases). */
const running = new Set<Caches>();

const CACHE_SOURCES = new Set(Object.keys(DEPENDENTS));
const RAW_WRITE = /\b(?:update|delete\s+from|insert\s+into)\s+"?([a-z_]+)"?/gi;

function tableName(node: OperationNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

/** The cached tables a statement writes (kysely's builders and raw `sql` alike). */
function writtenTables(node: RootOperationNode): string[] {
  let names: (string | undefined)[] = [];
  if (UpdateQueryNode.is(node)) names = [tableName(node.table)];
  else if (DeleteQueryNode.is(node)) names = node.from.froms.map(tableName);
  else if (InsertQueryNode.is(node)) names = [tableName(node.into)];
  else if (RawNode.is(node)) names = [...node.sqlFragments.join(' ').matchAll(RAW_WRITE)].map((m) => m[1]);
  return names.filter((n): n is string => n !== undefined && CACHE_SOURCES.has(n));
}

/**
 * Drops cached entries as soon as this process itself writes their table — before its commit, and
 * so before the NOTIFY of that commit reaches the listener: a request this process serves after
 * its own revocation never sees the revoked actor. (A read racing the write may cache the old row
 * again until the commit's notification drops it, milliseconds later.) Installed on every handle
 * (core/db/connection.ts); it does nothing while no cache runs.
 */
export class CacheWritesPlugin implements KyselyPlugin {
  readonly #pending = new WeakMap<object, string[]>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (running.size > 0) {
      const tables = writtenTables(args.node);
      if (tables.length > 0) this.#pending.set(args.queryId, tables);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const tables = this.#pending.get(args.queryId);
    if (tables) for (const caches of running) for (const t of tables) caches.changed(t);
    return args.result;
  }
}
