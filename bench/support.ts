// What the HTTP benchmarks share: the real app on a loopback port with limits out of the way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Kysely, sql } from 'kysely';
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

/**
 * The bench:api organization, generated in the database (generate_series): 50 locations, 200
 * vendors, `users` users in teams of ten, `assets` assets assigned round-robin, `credentials`
 * credentials, 50 licenses (one per user), `tickets` tickets; then VACUUM ANALYZE.
 */
export async function generateBenchData(
  db: Kysely<Database>,
  org: number,
  sizes: { users: number; assets: number; credentials: number; tickets: number },
): Promise<void> {
  await sql`INSERT INTO locations (organization_id, name, city)
    SELECT ${org}, 'Site ' || g, 'City ' || (g % 20) FROM generate_series(1, 50) g`.execute(db);
  await sql`INSERT INTO vendors (organization_id, name) SELECT ${org}, 'Vendor ' || g FROM generate_series(1, 200) g`.execute(
    db,
  );
  await sql`INSERT INTO organization_users (organization_id, email, first_name, last_name, role, title, department, location_id)
    SELECT ${org}, 'user' || g || '@bench.example',
           (ARRAY['Ada','Grace','Alan','Linus','Margaret','Ken','Barbara','Dennis'])[1 + g % 8],
           (ARRAY['Lovelace','Hopper','Turing','Torvalds','Hamilton','Thompson','Liskov','Ritchie'])[1 + (g / 8) % 8] || g,
           'user', 'Engineer', 'Engineering', 1 + g % 50
    FROM generate_series(1, ${sizes.users}) g`.execute(db);
  // Teams of ten: each reports to the first of its block.
  await sql`UPDATE organization_users u SET manager_id = f.first + ((u.id - f.first) / 10) * 10
    FROM (SELECT min(id) AS first FROM organization_users) f
    WHERE u.id <> f.first + ((u.id - f.first) / 10) * 10`.execute(db);
  await sql`INSERT INTO assets (organization_id, name, asset_type, make, model, serial_number, status, assigned_to_user_id, warranty_expire_date, location_id)
    SELECT ${org}, (ARRAY['Laptop','Phone','Monitor','Dock'])[1 + g % 4] || '-' || g,
           (ARRAY['computer','phone','other','other'])[1 + g % 4],
           (ARRAY['Dell','Lenovo','Apple','HP'])[1 + g % 4], 'Model ' || (g % 40), 'SN' || lpad(g::text, 9, '0'), 'active',
           (SELECT min(id) FROM organization_users) + (g % ${sizes.users}), current_date + (g % 1500) - 200, 1 + g % 50
    FROM generate_series(1, ${sizes.assets}) g`.execute(db);
  await sql`INSERT INTO credentials (organization_id, name, username, category)
    SELECT ${org}, 'Service account ' || g, 'svc' || g, 'application' FROM generate_series(1, ${sizes.credentials}) g`.execute(
    db,
  );
  await sql`INSERT INTO software_licenses (organization_id, name, license_type, seats)
    SELECT ${org}, 'Product ' || g, 'subscription', 5000 FROM generate_series(1, 50) g`.execute(db);
  await sql`INSERT INTO user_software_licenses (user_id, software_license_id)
    SELECT u.id, (SELECT min(id) FROM software_licenses) + (u.id % 50) FROM organization_users u`.execute(db);
  await sql`INSERT INTO tickets (organization_id, prefix, number, subject, details, priority, source, status_id, created_by_user_id, related_user_id, created_at, updated_at)
    SELECT ${org}, 'TKT', g,
           (ARRAY['Printer jam','VPN drops','Laptop slow','Email bounce','Password reset','Monitor flicker','Wi-Fi weak','Access request'])[1 + g % 8] || ' #' || g,
           'Details of ticket ' || g, (ARRAY['low','medium','high','urgent'])[1 + g % 4], 'email',
           (SELECT min(id) FROM ticket_statuses) + (g % 6),
           (SELECT min(id) FROM organization_users) + (g % ${sizes.users}),
           (SELECT min(id) FROM organization_users) + ((g * 7) % ${sizes.users}),
           now() - (g % 1000) * interval '1 hour', now() - (g % 1000) * interval '1 hour'
    FROM generate_series(1, ${sizes.tickets}) g`.execute(db);
  // A bulk load leaves GIN (trigram) entries in their pending lists; autovacuum would merge them
  // in a live system, so measure that steady state, not the moment after the load.
  await sql`VACUUM ANALYZE`.execute(db);
}

/**
 * GET /people/:email/context as plain SQL through pg (the person, assets, licenses, open and recent
 * tickets, groups, the counts), in the route's parallelism: the baseline of bench:api and bench:addon.
 * `fallbackId` stands in for a person who is not there (the same reads still run).
 */
export async function rawPeopleContext(
  pool: pg.Pool,
  org: number,
  email: string,
  fallbackId: number,
): Promise<void> {
  const person = await pool.query(
    `SELECT u.*, m.email AS manager_email, l.name AS location_name FROM organization_users u
     LEFT JOIN organization_users m ON m.id = u.manager_id LEFT JOIN locations l ON l.id = u.location_id
     WHERE u.organization_id = $1 AND lower(u.email) = lower($2)`,
    [org, email],
  );
  const id = (person.rows[0] as { id: number } | undefined)?.id ?? fallbackId;
  await Promise.all([
    pool.query(
      `SELECT * FROM assets a WHERE a.archived_at IS NULL AND a.id IN (SELECT x.id FROM assets x WHERE x.assigned_to_user_id = $1 UNION SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = $1) ORDER BY a.name LIMIT 50`,
      [id],
    ),
    pool.query(
      `SELECT s.* FROM software_licenses s JOIN user_software_licenses us ON us.software_license_id = s.id WHERE us.user_id = $1 AND s.archived_at IS NULL ORDER BY s.name LIMIT 50`,
      [id],
    ),
    pool.query(
      `SELECT t.*, s.name FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id WHERE t.organization_id = $1 AND t.archived_at IS NULL AND NOT s.is_closed_status AND NOT s.is_resolved_status AND t.related_user_id = $2 ORDER BY t.updated_at DESC, t.id DESC LIMIT 20`,
      [org, id],
    ),
    pool.query(
      `SELECT t.*, s.name FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id WHERE t.organization_id = $1 AND t.archived_at IS NULL AND (s.is_closed_status OR s.is_resolved_status) AND t.related_user_id = $2 ORDER BY t.updated_at DESC, t.id DESC LIMIT 5`,
      [org, id],
    ),
    pool.query(
      `SELECT g.id, g.name, g.email, m.role FROM user_group_memberships m JOIN user_groups g ON g.id = m.group_id WHERE m.user_id = $1 AND g.archived_at IS NULL ORDER BY g.name LIMIT 100`,
      [id],
    ),
    pool.query(
      `SELECT
         (SELECT count(*) FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id WHERE t.related_user_id = $1 AND t.archived_at IS NULL AND NOT s.is_closed_status AND NOT s.is_resolved_status),
         (SELECT count(*) FROM assets a WHERE a.archived_at IS NULL AND a.id IN (SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = $1 UNION SELECT x.id FROM assets x WHERE x.assigned_to_user_id = $1)),
         (SELECT count(*) FROM user_software_licenses ul JOIN software_licenses l ON l.id = ul.software_license_id WHERE ul.user_id = $1 AND l.archived_at IS NULL)`,
      [id],
    ),
  ]);
}
