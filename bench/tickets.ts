// `npm run bench:tickets`: tickets created per second by 50 concurrent clients against the
// PostgreSQL server — through the API (auth, validation, gap-free numbering, audit row,
// notification, presenting), through the create command alone (same transaction, no HTTP), and as
// plain INSERTs into the same table with a sequence number, all in the same run. The ratio of the
// API to plain INSERTs is the figure. Nothing is asserted.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiKey } from '../backend/src/modules/identity/commands/api-keys.ts';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { createTicket } from '../backend/src/modules/tickets/commands/tickets.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { actorFromUser } from '../backend/src/core/auth/resolve-actor.ts';
import { insertUser } from '../backend/src/core/queries/users.ts';
import { type BenchApp, countStatements, startBenchApp, statementsPer } from './support.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 60);
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const statements = countStatements(pg);

/** This process's CPU time (ms) per call of the last `rate` (is Node or PostgreSQL the limit?). */
const cpuPerCall: number[] = [];

/** Runs CLIENTS loops of PER_CLIENT calls each; returns calls per second. */
async function rate(fn: (client: number, i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < PER_CLIENT; i++) await fn(client, i);
    }),
  );
  const used = process.cpuUsage(cpu);
  cpuPerCall.push((used.user + used.system) / 1000 / (CLIENTS * PER_CLIENT));
  return (CLIENTS * PER_CLIENT) / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  console.log(
    `bench:tickets — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${CLIENTS} concurrent clients × ${PER_CLIENT} tickets each\n`,
  );
  const dbName = `bench_tickets_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  // As many connections as clients, so the pool is not what is measured.
  const handle = openServerDatabase({ connectionString: url.toString(), max: CLIENTS });
  const { db, pool } = handle;
  let benchApp: BenchApp | undefined;
  try {
    await migrateToLatest(db);
    const { organization } = await bootstrapOrganization(db, {
      name: 'Bench',
      primaryDomain: 'bench.example',
      seedDemo: false,
    });
    const staff = await insertUser(db, {
      organization_id: organization.id,
      email: 'it@bench.example',
      role: 'manager',
    });
    const requester = await insertUser(db, {
      organization_id: organization.id,
      email: 'user@bench.example',
      role: 'user',
    });
    const ctx = { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' };
    const { key } = await createApiKey(db, ctx, { name: 'bench', user: staff, expiresAt: null });
    benchApp = await startBenchApp(db, pool, organization.id, handle.listen);
    const { base } = benchApp;

    const api = await rate(async (c, i) => {
      const res = await fetch(`${base}/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: `API ${c}-${i}`,
          details: 'Benchmark',
          relatedUserId: requester.id,
          assignedToUserId: staff.id,
        }),
      });
      if (res.status !== 201) throw new Error(`POST /tickets → ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });

    const actor = actorFromUser(staff, 'api_key');
    const viaCommand = async (c: number | string, i: number) => {
      await createTicket(db, actor, ctx, organization, {
        subject: `Command ${c}-${i}`,
        details: 'Benchmark',
        priority: 'medium',
        source: 'internal',
        relatedUserId: requester.id,
        assignedToUserId: staff.id,
      });
    };
    const command = await rate(viaCommand);
    // Round trips per ticket (each statement is one; BENCH_TRACE=1 prints them), 20 in a row.
    const perCommand = await statementsPer(statements, 20, (i) => viaCommand('count', i));

    await sql`CREATE SEQUENCE bench_numbers START 1000000`.execute(db);
    const statusId = (await sql<{ id: number }>`SELECT min(id) AS id FROM ticket_statuses`.execute(db))
      .rows[0]?.id;
    const plain = await rate(async (c, i) => {
      await pool.query(
        `INSERT INTO tickets (organization_id, number, subject, details, priority, source, status_id, created_by_user_id, related_user_id, assigned_to_user_id)
         VALUES ($1, nextval('bench_numbers'), $2, 'Benchmark', 'medium', 'internal', $3, $4, $5, $4)`,
        [organization.id, `Plain ${c}-${i}`, statusId, staff.id, requester.id],
      );
    });

    const numbers = (
      await sql<{
        number: number;
      }>`SELECT number FROM tickets WHERE number < 1000000 ORDER BY number`.execute(db)
    ).rows.map((r) => r.number);
    const gapFree = numbers.every((n, i) => n === i + 1);
    const expected = CLIENTS * PER_CLIENT * 2 + 20;
    const [apiCpu, commandCpu, plainCpu] = cpuPerCall.map((ms) => `${ms.toFixed(2)} ms`);
    console.log(`Node CPU per ticket: API ${apiCpu}, command ${commandCpu}, plain ${plainCpu}`);
    console.log('| path | tickets/s | vs plain INSERT |');
    console.log('| --- | --- | --- |');
    console.log(
      `| POST /tickets (HTTP, auth, numbering, audit, notification) | ${api.toFixed(0)} | ${(api / plain).toFixed(2)} |`,
    );
    console.log(
      `| createTicket command (one transaction, no HTTP; ${perCommand.toFixed(1)} statements each) | ${command.toFixed(0)} | ${(command / plain).toFixed(2)} |`,
    );
    console.log(`| plain INSERT (sequence number, no audit) | ${plain.toFixed(0)} | 1.00 |`);
    console.log(
      `\nnumbers 1..${numbers.length} gap-free and unique: ${gapFree && numbers.length === expected}`,
    );
  } finally {
    benchApp?.close();
    await handle.close();
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
