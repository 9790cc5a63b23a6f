// The backend half of `npm run bench:addon`, run in a worker thread (bench/addon.ts drives the
// BUILT add-on in the main thread, whose fake UrlFetchApp blocks it while a request is out): a
// fresh PostgreSQL database with the bench:api organization, the real app on loopback, an API key
// for an IT staff member (the add-on sends it as its bearer token), a statement counter, and the
// same reads as plain SQL through pg for the baseline.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApiKey } from '../backend/src/modules/identity/commands/api-keys.ts';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { openServerDatabase, type DatabaseHandle } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { insertUser } from '../backend/src/core/queries/users.ts';
import {
  type BenchApp,
  countStatements,
  generateBenchData,
  rawPeopleContext,
  startBenchApp,
} from './support.ts';

const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const statements = countStatements(pg);

let state:
  | { admin: pg.Client; dbName: string; handle: DatabaseHandle; app: BenchApp; org: number; staffId: number }
  | undefined;

export interface Started {
  /** The backend origin (the add-on appends /api/v1). */
  url: string;
  key: string;
  staffEmail: string;
  users: number;
  generatedSeconds: number;
}

export async function start(sizes: {
  users: number;
  assets: number;
  credentials: number;
  tickets: number;
}): Promise<Started> {
  const dbName = `bench_addon_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const handle = openServerDatabase({ connectionString: url.toString(), max: 12 });
  const { db, pool } = handle;
  await migrateToLatest(db);
  const { organization } = await bootstrapOrganization(db, {
    name: 'Bench',
    primaryDomain: 'bench.example',
    seedDemo: false,
  });
  const t0 = performance.now();
  await generateBenchData(db, organization.id, sizes);
  const generatedSeconds = (performance.now() - t0) / 1000;
  const staff = await insertUser(db, {
    organization_id: organization.id,
    email: 'it@bench.example',
    role: 'manager',
    first_name: 'Ivan',
    last_name: 'Tech',
  });
  const { key } = await createApiKey(
    db,
    { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' },
    { name: 'bench', user: staff, expiresAt: null },
  );
  const app = await startBenchApp(db, pool, organization.id, handle.listen);
  state = { admin, dbName, handle, app, org: organization.id, staffId: staff.id };
  return {
    url: app.base.replace(/\/api\/v1$/, ''),
    key,
    staffEmail: staff.email,
    users: sizes.users,
    generatedSeconds,
  };
}

function current() {
  if (!state) throw new Error('bench backend not started');
  return state;
}

/** Statements sent to PostgreSQL so far by this process (each one a database round trip). */
export const statementCount = (): number => statements.count;

/**
 * The sender card's reads as plain SQL (what GET /me and GET /people/:email/context read: the
 * caller, the person, assets, licenses, open and recent tickets, the counts, the thread's ticket),
 * in the same parallelism the route uses; ms.
 */
export async function rawSenderCard(email: string, threadId: string): Promise<number> {
  const { handle, org, staffId } = current();
  const { pool } = handle;
  const t0 = performance.now();
  await pool.query('SELECT * FROM organization_users WHERE id = $1', [staffId]);
  await Promise.all([
    rawPeopleContext(pool, org, email, 0),
    pool.query(
      `SELECT t.* FROM tickets t WHERE t.organization_id = $1 AND t.gmail_thread_id = $2 ORDER BY t.updated_at DESC LIMIT 1`,
      [org, threadId],
    ),
  ]);
  return performance.now() - t0;
}

/**
 * Filing's work as plain SQL: the per-message and per-thread checks, the numbered insert with its
 * audit row in one transaction, then the ticket card's reads (ticket, replies, attachments,
 * statuses, the form options); ms.
 */
export async function rawFileTicket(i: number): Promise<number> {
  const { handle, org, staffId } = current();
  const { pool } = handle;
  const t0 = performance.now();
  const messageId = `raw-msg-${i}`;
  await pool.query(
    'SELECT id FROM tickets WHERE organization_id = $1 AND gmail_mailbox = $2 AND gmail_message_id = $3',
    [org, 'it@bench.example', messageId],
  );
  await pool.query(
    'SELECT id FROM tickets WHERE organization_id = $1 AND gmail_mailbox = $2 AND gmail_thread_id = $3 ORDER BY id DESC LIMIT 1',
    [org, 'it@bench.example', `raw-thread-${i}`],
  );
  const client = await pool.connect();
  let id: number;
  try {
    await client.query('BEGIN');
    const n = await client.query(
      'UPDATE ticket_counters SET last_number = last_number + 1 WHERE organization_id = $1 RETURNING last_number',
      [org],
    );
    const number = (n.rows[0] as { last_number: number } | undefined)?.last_number ?? 10_000_000 + i;
    const inserted = await client.query(
      `INSERT INTO tickets (organization_id, prefix, number, subject, details, priority, source, status_id, created_by_user_id, gmail_mailbox, gmail_message_id, gmail_thread_id)
       VALUES ($1, 'TKT', $2, 'Raw filing', 'Details', 'medium', 'addon', (SELECT min(id) FROM ticket_statuses WHERE organization_id = $1), $3, 'it@bench.example', $4, $5) RETURNING id`,
      [org, number, staffId, messageId, `raw-thread-${i}`],
    );
    id = (inserted.rows[0] as { id: number }).id;
    await client.query(
      `INSERT INTO audit_logs (organization_id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'create', 'ticket', $3)`,
      [org, staffId, id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await Promise.all([
    pool.query('SELECT * FROM tickets WHERE id = $1', [id]),
    pool.query('SELECT * FROM ticket_replies WHERE ticket_id = $1 ORDER BY id', [id]),
    pool.query('SELECT * FROM ticket_attachments WHERE ticket_id = $1', [id]),
    pool.query('SELECT * FROM ticket_statuses WHERE organization_id = $1 ORDER BY display_order', [org]),
  ]);
  return performance.now() - t0;
}

export async function stop(): Promise<void> {
  const s = state;
  state = undefined;
  if (!s) return;
  s.app.close();
  await s.handle.close();
  await s.admin.query(`DROP DATABASE ${s.dbName} WITH (FORCE)`);
  await s.admin.end();
}
