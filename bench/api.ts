// `npm run bench:api`: the add-on's and the UI's hot reads at scale, through the real HTTP stack,
// beside the same SQL sent straight through pg in the same run (the ratio is the figure).
// A fresh database on the PostgreSQL server gets 100k users, 300k assets, 50k credentials and
// 1M tickets (generate_series), then each endpoint is driven by CONCURRENCY clients.
// Sizes can be scaled down with BENCH_SCALE (e.g. 0.1). Nothing is asserted.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiKey } from '../backend/src/modules/identity/commands/api-keys.ts';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { insertUser } from '../backend/src/core/queries/users.ts';
import { startWorkerModule } from '../appsscript/test/fakes/worker-module.ts';
import { type Figures, timed } from './http-clients.ts';
import {
  type BenchApp,
  countStatements,
  generateBenchData,
  rawPeopleContext,
  startBenchApp,
  statementsPer,
} from './support.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const USERS = Math.round(100_000 * SCALE);
const ASSETS = Math.round(300_000 * SCALE);
const CREDENTIALS = Math.round(50_000 * SCALE);
const TICKETS = Math.round(1_000_000 * SCALE);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const WARMUP = 50;

const statements = countStatements(pg);

async function main(): Promise<void> {
  console.log(
    `bench:api — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `${USERS} users, ${ASSETS} assets, ${CREDENTIALS} credentials, ${TICKETS} tickets; ${REQUESTS} requests × ${CONCURRENCY} clients\n`,
  );
  const dbName = `bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const handle = openServerDatabase({ connectionString: url.toString(), max: 12 });
  const { db, pool } = handle;
  let benchApp: BenchApp | undefined;
  try {
    await migrateToLatest(db);
    const { organization } = await bootstrapOrganization(db, {
      name: 'Bench',
      primaryDomain: 'bench.example',
      seedDemo: false,
    });
    const org = organization.id;
    const t0 = performance.now();
    await generateBenchData(db, org, {
      users: USERS,
      assets: ASSETS,
      credentials: CREDENTIALS,
      tickets: TICKETS,
    });
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const staff = await insertUser(db, { organization_id: org, email: 'it@bench.example', role: 'manager' });
    const { key } = await createApiKey(
      db,
      { organizationId: org, actor: undefined, ip: null, userAgent: 'bench' },
      { name: 'bench', user: staff, expiresAt: null },
    );
    benchApp = await startBenchApp(db, pool, org, handle.listen);
    const { base } = benchApp;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const firstUser =
      (await sql<{ id: number }>`SELECT min(id) AS id FROM organization_users`.execute(db)).rows[0]?.id ?? 1;
    const emailOf = (i: number) => `user${1 + ((i * 7919) % USERS)}@bench.example`;
    const words = ['printer', 'vpn', 'laptop', 'lenovo', 'hopper', 'service', 'monitor', 'wi-fi'];
    const deep = Math.floor(ASSETS * 0.9);

    // The same work as each endpoint, as plain SQL through pg (no auth, no validation, no JSON shaping).
    const rawContext = (email: string) => rawPeopleContext(pool, org, email, firstUser);
    const searchTables: [string, string[]][] = [
      ['vendors', ['name']],
      ['locations', ['name', 'city']],
      ['assets', ['name', 'serial_number', 'model', 'make']],
      ['credentials', ['name']],
      ['organization_users', ['email', 'first_name', 'last_name']],
      ['software_licenses', ['name']],
      ['domains', ['name']],
      ['certificates', ['name']],
      ['documents', ['name']],
      ['files', ['name']],
      ['folders', ['name']],
    ];
    const rawSearch = async (q: string) => {
      const pattern = `%${q}%`;
      await Promise.all([
        ...searchTables.map(([table, cols]) =>
          pool.query(
            `SELECT * FROM ${table} r WHERE r.organization_id = $1 AND r.archived_at IS NULL AND (${cols.map((c) => `r.${c} ILIKE $2`).join(' OR ')}) LIMIT 20`,
            [org, pattern],
          ),
        ),
        pool.query(
          `SELECT t.* FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id WHERE t.organization_id = $1 AND t.archived_at IS NULL AND t.subject ILIKE $2 LIMIT 20`,
          [org, pattern],
        ),
      ]);
    };
    const rawPage = async (after: number) => {
      await pool.query(
        'SELECT * FROM assets r WHERE r.organization_id = $1 AND r.archived_at IS NULL AND r.id > $2 ORDER BY r.id LIMIT 51',
        [org, after],
      );
    };
    const cursorFor = (after: number) =>
      Buffer.from(JSON.stringify({ v: after, id: after })).toString('base64url');

    const rows: [string, Figures, Figures, number, number][] = [];
    // The API's clients run in a worker thread (bench/http-clients.ts), off the server's event loop.
    const clients = await startWorkerModule(new URL('./http-clients.ts', import.meta.url));
    const measure = async (name: string, path: (i: number) => string, raw: (i: number) => Promise<void>) => {
      const paths = Array.from({ length: WARMUP + REQUESTS }, (_, i) => path(i));
      const api = (await clients.call('drive', base, key, paths, WARMUP, CONCURRENCY)) as Figures;
      rows.push([
        name,
        api,
        await timed(raw, WARMUP + REQUESTS, WARMUP, CONCURRENCY),
        await statementsPer(statements, 50, (i) => get(path(i))),
        await statementsPer(statements, 50, raw),
      ]);
    };
    try {
      await measure(
        'GET /people/:email/context',
        (i) => `/people/${emailOf(i)}/context`,
        (i) => rawContext(emailOf(i)),
      );
      await measure(
        'GET /search?q=',
        (i) => `/search?q=${encodeURIComponent(words[i % words.length] ?? 'vpn')}`,
        (i) => rawSearch(words[i % words.length] ?? 'vpn'),
      );
      await measure(
        `GET /assets deep page (id > ${deep})`,
        (i) => `/assets?limit=50&cursor=${cursorFor(deep + (i % 1000))}`,
        (i) => rawPage(deep + (i % 1000)),
      );
    } finally {
      await clients.close();
    }

    console.log(
      '| endpoint | API p50 / p99 ms | API req/s | raw SQL p50 / p99 ms | raw q/s | API/raw throughput | statements per request: API / raw |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, api, raw, apiStatements, rawStatements] of rows) {
      console.log(
        `| ${name} | ${api.p50.toFixed(1)} / ${api.p99.toFixed(1)} | ${api.rps.toFixed(0)} | ${raw.p50.toFixed(1)} / ${raw.p99.toFixed(1)} | ${raw.rps.toFixed(0)} | ${(api.rps / raw.rps).toFixed(2)} | ${apiStatements.toFixed(1)} / ${rawStatements.toFixed(1)} |`,
      );
    }
  } finally {
    benchApp?.close();
    await handle.close();
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
