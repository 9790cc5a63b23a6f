// `npm run bench:sync -- --microsoft`: a first Microsoft 365 sync and an unchanged delta re-sync of
// a large tenant through the provider-neutral engine with the Microsoft provider, against the
// PostgreSQL server, with the Graph simulator in its own process (so this process's peak RSS is the
// sync's). Prints wall time, rows written, peak RSS and Microsoft requests per run, beside the time
// PostgreSQL's COPY needs to bulk-load the same rows into an empty copy of the schema (indexes
// included), measured in the same run. Scale with BENCH_SCALE (default 1 = 100k users, 5k groups,
// 50k Intune devices).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { createVault } from '../backend/src/core/crypto/vault.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { executeSync, microsoftProvider, requestSync } from '../backend/src/modules/directory-sync/index.ts';
import { createGraphSource } from '../backend/src/modules/directory-sync/providers/microsoft/clients.ts';
import { saveMicrosoftSettingsCommand } from '../backend/src/modules/directory-sync/providers/microsoft/commands/settings.ts';
import { trustCertificate } from '../backend/src/simulators/microsoft/certificate.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const USERS = Math.round(100_000 * SCALE);
const GROUPS = Math.round(5_000 * SCALE);
const DEVICES = Math.round(50_000 * SCALE);
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = new URL('../', import.meta.url).pathname;
const TABLES = [
  'organization_users',
  'ms_synced_users',
  'ms_synced_groups',
  'ms_licenses',
  'user_groups',
  'user_group_memberships',
  'assets',
  'user_assets',
  'software_licenses',
  'user_software_licenses',
];

const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

interface Tenant {
  child: ChildProcess;
  origin: string;
  tenantId: string;
  clientId: string;
}

async function startSimulatorProcess(dir: string): Promise<Tenant> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'backend/src/simulators/microsoft/cli.ts'),
      '--users',
      String(USERS),
      '--groups',
      String(GROUPS),
      '--devices',
      String(DEVICES),
      '--port',
      '0',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<Tenant>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const origin = /listening on (https:\/\/\S+)/.exec(out)?.[1];
      const tenantId = /tenantId:\s+(\S+)/.exec(out)?.[1];
      const clientId = /clientId:\s+(\S+)/.exec(out)?.[1];
      if (origin && tenantId && clientId && out.includes('Ctrl+C'))
        resolve({ child, origin, tenantId, clientId });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
}

/** Inserted + updated + deleted tuples per entity table, from PostgreSQL's statistics. */
async function tuplesWritten(client: pg.Client): Promise<Map<string, number>> {
  await new Promise((r) => setTimeout(r, 1200)); // statistics are flushed at most once a second
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ relname: string; n: string }>(
    `SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [TABLES],
  );
  return new Map(rows.map((r) => [r.relname, Number(r.n)]));
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  console.log(
    `bench:sync --microsoft — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Graph simulator with ${USERS} users, ${GROUPS} groups, ${DEVICES} managed devices\n`,
  );
  const work = mkdtempSync(join(tmpdir(), 'helios-bench-ms-'));
  const tenant = await startSimulatorProcess(work);
  // The simulator's certificate, trusted by this process (what NODE_EXTRA_CA_CERTS does at start).
  trustCertificate(readFileSync(join(work, 'microsoft-graph.crt'), 'utf8'));
  const clientSecret = readFileSync(join(work, 'microsoft-client-secret'), 'utf8').trim();
  const name = `bench_ms_sync_${process.pid}`;
  const copyName = `${name}_copy`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`CREATE DATABASE ${copyName}`);
  const handle = openServerDatabase({ connectionString: urlOf(name), max: 4 });
  const stats = new pg.Client({ connectionString: urlOf(name) });
  await stats.connect();
  try {
    const { db } = handle;
    await migrateToLatest(db);
    const { organization } = await bootstrapOrganization(db, {
      name: 'Bench',
      primaryDomain: 'acme.example',
      seedDemo: false,
    });
    const vault = createVault({
      encryptionKeys: { current: Buffer.alloc(32, 3).toString('base64'), previous: [] },
    });
    const origins = { loginOrigin: tenant.origin, graphOrigin: tenant.origin };
    await saveMicrosoftSettingsCommand(
      db,
      vault,
      { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' },
      { tenantId: tenant.tenantId, clientId: tenant.clientId, clientSecret },
      (input) => createGraphSource({ ...input, ...origins }).token(),
    );
    // One provider for both runs, as in a server: msal's token cache spares the second run a token.
    const microsoft = microsoftProvider({ vault, ...origins });

    const runOnce = async (label: string) => {
      const before = await tuplesWritten(stats);
      const rssBefore = process.resourceUsage().maxRSS;
      const runHandle = openServerDatabase({ connectionString: urlOf(name), max: 4 });
      const { run } = await requestSync(runHandle.db, organization.id, microsoft, 'cli', null);
      const t0 = performance.now();
      const finished = await executeSync(runHandle.db, microsoft, organization.id, run.id);
      const seconds = (performance.now() - t0) / 1000;
      await runHandle.close();
      const after = await tuplesWritten(stats);
      const written = total(after) - total(before);
      const byTable = [...after]
        .filter(([t, n]) => n !== (before.get(t) ?? 0))
        .map(([t, n]) => `${t} ${n - (before.get(t) ?? 0)}`);
      console.log(`${label}: ${byTable.join(', ') || 'no rows written'}`);
      if (finished?.status !== 'succeeded')
        throw new Error(`${label} run ${finished?.status}: ${JSON.stringify(finished?.errors)}`);
      return {
        label,
        seconds,
        written,
        rssMiB: Math.max(rssBefore, process.resourceUsage().maxRSS) / 1024,
        requests: finished.request_count,
      };
    };
    const first = await runOnce('first sync');
    const second = await runOnce('unchanged delta re-sync');

    // Baseline: COPY the rows the first sync left into an empty, migrated copy of the schema.
    const copyDb = openServerDatabase({ connectionString: urlOf(copyName), max: 1 });
    await migrateToLatest(copyDb.db);
    await copyDb.close();
    let rows = 0;
    for (const table of TABLES) {
      const file = join(work, `${table}.csv`);
      execFileSync('psql', [urlOf(name), '-qc', `\\copy ${table} TO '${file}'`]);
      rows += Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)).rows[0]
          ?.n ?? 0,
      );
    }
    const script = TABLES.map((t) => `\\copy ${t} FROM '${join(work, `${t}.csv`)}'`).join('\n');
    const t0 = performance.now();
    execFileSync('psql', [urlOf(copyName), '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      input: `BEGIN;\nSET session_replication_role = replica;\n${script}\nCOMMIT;\n`,
    });
    const copySeconds = (performance.now() - t0) / 1000;

    console.log(
      '| run | wall time | rows written | peak RSS | Microsoft requests | vs COPY of the same rows |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of [first, second]) {
      console.log(
        `| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.written} | ${r.rssMiB.toFixed(0)} MiB | ${r.requests} | ${(r.seconds / copySeconds).toFixed(1)}× |`,
      );
    }
    console.log(
      `| COPY of the ${rows} rows into an empty schema | ${copySeconds.toFixed(1)} s | ${rows} | — | — | 1.0× |`,
    );
  } finally {
    await stats.end();
    await handle.close();
    tenant.child.kill('SIGTERM');
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE ${copyName} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
