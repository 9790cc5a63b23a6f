// `npm run bench:db`: what the data layer costs over raw SQL, on both databases.
// Point lookups by id and keyset-paged lists (the API's cursor paging) through kysely vs the same SQL
// sent with pg directly, on an embedded PGlite and on the PostgreSQL server (HELIOS_BENCH_PG_URL or
// the local test server). Prints ops/s and the kysely/raw ratio; nothing is asserted.
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import {
  openEmbeddedDatabase,
  openServerDatabase,
  type DatabaseHandle,
} from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 3_000);
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function time(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const opsPerSec = n / ((performance.now() - start) / 1000);
  console.log(`  ${label.padEnd(34)} ${opsPerSec.toFixed(0).padStart(8)} ops/s`);
  return opsPerSec;
}

async function run(name: string, handle: DatabaseHandle): Promise<void> {
  const { db, pool } = handle;
  await migrateToLatest(db);
  const org = await sql<{ id: number }>`
    INSERT INTO organizations (name, primary_domain) VALUES ('Bench', 'bench.example') RETURNING id`.execute(
    db,
  );
  const orgId = org.rows[0]?.id ?? 1;
  const t0 = performance.now();
  await sql`INSERT INTO vendors (organization_id, name, email)
            SELECT ${orgId}, 'Vendor ' || g, 'v' || g || '@bench.example' FROM generate_series(1, ${ROWS}) g`.execute(
    db,
  );
  await sql`ANALYZE vendors`.execute(db);
  console.log(`${name}: ${ROWS} vendors inserted in ${(performance.now() - t0).toFixed(0)} ms`);

  const kGet = await time('get by id (kysely)', LOOKUPS, (i) =>
    db
      .selectFrom('vendors')
      .selectAll()
      .where('id', '=', (i % ROWS) + 1)
      .executeTakeFirst(),
  );
  const rGet = await time('get by id (raw pg)', LOOKUPS, (i) =>
    pool.query('SELECT * FROM vendors WHERE id = $1', [(i % ROWS) + 1]),
  );
  // A page of 50 deep into the table: keyset paging stays flat where OFFSET would not.
  const kPage = await time('page of 50 after id (kysely)', LOOKUPS / 3, (i) =>
    db
      .selectFrom('vendors')
      .selectAll()
      .where('organization_id', '=', orgId)
      .where('archived_at', 'is', null)
      .where('id', '>', (i * 97) % (ROWS - 50))
      .orderBy('id')
      .limit(50)
      .execute(),
  );
  const rPage = await time('page of 50 after id (raw pg)', LOOKUPS / 3, (i) =>
    pool.query(
      'SELECT * FROM vendors WHERE organization_id = $1 AND archived_at IS NULL AND id > $2 ORDER BY id LIMIT 50',
      [orgId, (i * 97) % (ROWS - 50)],
    ),
  );
  console.log(
    `  ratio kysely/raw: get ${(kGet / rGet).toFixed(2)}, page ${(kPage / rPage).toFixed(2)} (1.00 = no overhead)\n`,
  );
}

console.log(`bench:db — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
const lite = await openEmbeddedDatabase({ dataDir: 'memory://' });
try {
  await run('PGlite (embedded, in memory)', lite);
} finally {
  await lite.close();
}

const dbName = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const server = openServerDatabase({ connectionString: url.toString(), max: 4 });
try {
  await run('PostgreSQL server', server);
} finally {
  await server.close();
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
