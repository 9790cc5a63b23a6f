// `npm run bench:load`: the backend under load as the add-on and the console meet it — autocannon,
// 200 connections for 60 s from ONE address, mixed reads and ticket creates from 20 users, half
// through API keys and half through Google ID tokens (the add-on's way), with the DEFAULT rate
// limits. Honest clients at this rate must see 0 refused and 0 errors. Beside it, in the same run,
// the same mix as raw SQL through pg (the floor). Prints requests, 2xx, 429, 5xx, p50/p99 and how
// often a request waited for a database connection. Nothing is asserted.
// BENCH_DURATION (s, default 60), BENCH_CONNECTIONS (default 200).
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../backend/src/app.ts';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { loadConfig } from '../backend/src/core/config.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { createLogger } from '../backend/src/core/logger.ts';
import { insertUser } from '../backend/src/core/queries/users.ts';
import { createApiKey } from '../backend/src/modules/identity/commands/api-keys.ts';
import { startSimulator } from '../backend/src/simulators/workspace/server.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const USERS = 20;
const DOMAIN = 'load.example';
const AUDIENCE = 'helios-addon-load.apps.googleusercontent.com';
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  console.log(
    `bench:load — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `${CONNECTIONS} connections × ${DURATION} s from one address, ${USERS} users (half API keys, half Google ID tokens), default limits\n`,
  );
  const dbName = `bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const simulator = await startSimulator();
  const handle = openServerDatabase({ connectionString: url.toString() });
  let server: Server | undefined;
  try {
    await migrateToLatest(handle.db);
    const { organization } = await bootstrapOrganization(handle.db, {
      name: 'Load',
      primaryDomain: DOMAIN,
      seedDemo: false,
    });
    // The production defaults, exactly as an unconfigured deployment has them.
    const defaults = loadConfig({ HELIOS_ORG_DOMAIN: DOMAIN });
    const app = createApp({
      db: handle.db,
      pool: handle.pool,
      logger: createLogger('silent'),
      organizationId: organization.id,
      identity: {
        audiences: [AUDIENCE],
        orgDomain: DOMAIN,
        googleApiOrigin: simulator.origin,
        bootstrapAdminEmail: undefined,
      },
      dataDir: '/tmp',
      encryptionKeys: { current: randomBytes(32).toString('base64'), previous: [] },
      rateLimits: defaults.rateLimits,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const credentials: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const email = `agent${i}@${DOMAIN}`;
      const user = await insertUser(handle.db, {
        organization_id: organization.id,
        email,
        first_name: 'Agent',
        last_name: String(i),
        role: i % 4 === 0 ? 'manager' : 'user',
      });
      if (i % 2 === 0) {
        const ctx = { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' };
        credentials.push((await createApiKey(handle.db, ctx, { name: 'load', user, expiresAt: null })).key);
      } else {
        const now = Math.floor(Date.now() / 1000);
        credentials.push(
          simulator.idTokens.sign({
            aud: AUDIENCE,
            sub: `sub-${email}`,
            email,
            email_verified: true,
            hd: DOMAIN,
            iat: now,
            exp: now + 3600,
          }),
        );
      }
    }

    for (const credential of credentials.slice(0, 2)) {
      const probe = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${credential}` } });
      if (probe.status !== 200) throw new Error(`a client's credential is refused: ${await probe.text()}`);
    }

    function requestsOf(credential: string): autocannon.Request[] {
      const authorization = `Bearer ${credential}`;
      return [
        { method: 'GET', path: '/api/v1/me', headers: { authorization } },
        { method: 'GET', path: '/api/v1/tickets?limit=20', headers: { authorization } },
        { method: 'GET', path: `/api/v1/people/agent1@${DOMAIN}/context`, headers: { authorization } },
        {
          method: 'POST',
          path: '/api/v1/tickets',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({
            subject: 'Laptop will not boot',
            details: 'Black screen after the update.',
          }),
        },
      ];
    }

    async function phase(label: string, pacing: { overallRate?: number }): Promise<void> {
      // Pool waits: how often, sampled every 50 ms, a request stood in line for a connection.
      let samples = 0;
      let waitingSamples = 0;
      let maxWaiting = 0;
      const sampler = setInterval(() => {
        samples++;
        if (handle.pool.waitingCount > 0) waitingSamples++;
        maxWaiting = Math.max(maxWaiting, handle.pool.waitingCount);
      }, 50);
      let connection = 0;
      const result = await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: DURATION,
        ...pacing,
        // A connection is one user's client: three reads, then a ticket, then again — every
        // request with that user's credential.
        requests: requestsOf(credentials[0] ?? ''),
        setupClient: (client) => {
          const credential = credentials[connection++ % credentials.length] ?? '';
          // setRequests is autocannon's per-client sequence; the typings lag behind it.
          (client as unknown as { setRequests(r: autocannon.Request[]): void }).setRequests(
            requestsOf(credential),
          );
        },
      });
      clearInterval(sampler);
      const total = result.requests.total;
      const codes = Object.entries(result.statusCodeStats ?? {})
        .map(([code, stat]) => `${code}: ${stat.count}`)
        .join(', ');
      console.log(`${label}:`);
      console.log(
        `  requests ${total} (${(total / DURATION).toFixed(0)}/s)  2xx ${result['2xx']}  429 ${result.statusCodeStats?.['429']?.count ?? 0}  5xx ${result['5xx']}  errors ${result.errors}  timeouts ${result.timeouts}  (${codes})`,
      );
      console.log(
        `  latency p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms`,
      );
      console.log(
        `  pool waits: in ${((100 * waitingSamples) / Math.max(1, samples)).toFixed(0)} % of samples, at most ${maxWaiting} waiting (pool of ${handle.pool.options.max})`,
      );
    }

    // An honest client stays inside its user's budget: HELIOS_RATE_LIMIT_PER_MINUTE per user; the
    // CONNECTIONS / USERS connections of each user together paced at 80 % of it.
    const perUserPerSecond = (defaults.rateLimits.perActorPerMinute / 60) * 0.8;
    const honestRate = Math.floor(perUserPerSecond * USERS);
    await phase(`honest clients (${honestRate} req/s in all, 80 % of each user's budget)`, {
      overallRate: honestRate,
    });
    await phase('flood (no pacing: every connection as fast as it is answered)', {});

    // The floor: the same mix as raw SQL, as many clients as the pool has connections.
    const raw = new pg.Pool({ connectionString: url.toString(), max: handle.pool.options.max });
    await raw.query('CREATE SEQUENCE bench_numbers START 1000000');
    const statusId = (await raw.query<{ id: number }>('SELECT min(id) AS id FROM ticket_statuses')).rows[0]
      ?.id;
    const agent = (
      await raw.query<{ id: number }>('SELECT id FROM organization_users WHERE email = $1', [
        `agent1@${DOMAIN}`,
      ])
    ).rows[0]?.id;
    const latencies: number[] = [];
    let count = 0;
    const until = performance.now() + Math.min(DURATION, 20) * 1000;
    await Promise.all(
      Array.from({ length: handle.pool.options.max ?? 10 }, async (_, w) => {
        for (let i = w; performance.now() < until; i++) {
          const t0 = performance.now();
          const step = i % 4;
          if (step === 0)
            await raw.query('SELECT id, email, role FROM organization_users WHERE id = $1', [agent]);
          else if (step === 1)
            await raw.query('SELECT id, subject FROM tickets ORDER BY created_at DESC, id DESC LIMIT 20');
          else if (step === 2)
            await raw.query('SELECT id FROM organization_users WHERE lower(email) = $1', [
              `agent1@${DOMAIN}`,
            ]);
          else
            await raw.query(
              `INSERT INTO tickets (organization_id, number, subject, details, priority, source, status_id, created_by_user_id, related_user_id)
               VALUES ($1, nextval('bench_numbers'), 'Laptop will not boot', 'Black screen after the update.', 'medium', 'portal', $2, $3, $3)`,
              [organization.id, statusId, agent],
            );
          latencies.push(performance.now() - t0);
          count++;
        }
      }),
    );
    await raw.end();
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))] ?? 0;
    const seconds = Math.min(DURATION, 20);
    console.log('baseline (the same mix as plain SQL through pg, same run):');
    console.log(
      `  statements ${count} (${(count / seconds).toFixed(0)}/s)  p50 ${at(0.5).toFixed(1)} ms  p99 ${at(0.99).toFixed(1)} ms`,
    );
  } finally {
    server?.closeAllConnections();
    server?.close();
    await handle.close();
    await simulator.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
