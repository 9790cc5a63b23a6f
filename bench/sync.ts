// `npm run bench:sync`: a full first Google sync and an unchanged re-sync of a large directory,
// through the provider-neutral sync engine with the Google provider, against the PostgreSQL server,
// with the Workspace simulator in its own process (so this process's peak RSS is the sync's).
// Prints wall time, rows written, peak RSS and Google requests per run, beside the time
// PostgreSQL's COPY needs to bulk-load the same rows into an empty copy of the schema (indexes
// included), measured in the same run — the ratio is the figure. Scale with BENCH_SCALE (default
// 1 = 100k users, 50k Chrome OS, 30k mobile, ~100k licenses, 2k groups). Then two incremental
// runs (the Reports API change log): one with nothing changed, one after 1 % of the users were
// retitled in the simulator (through its stdin control, so the change is in its activity log).
// `npm run bench:sync -- --microsoft`: the same for Microsoft 365 (bench/sync-microsoft.ts).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { createVault } from '../backend/src/core/crypto/vault.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import {
  executeSync,
  googleProvider,
  requestSync,
  saveGoogleSettingsCommand,
} from '../backend/src/modules/directory-sync/index.ts';
import { readKeyFile } from '../backend/src/simulators/workspace/key-file.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const USERS = Math.round(100_000 * SCALE);
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = new URL('../', import.meta.url).pathname;
const TABLES = [
  'organization_users',
  'gw_synced_users',
  'gw_org_units',
  'gw_groups',
  'gw_group_members',
  'user_groups',
  'user_group_memberships',
  'assets',
  'user_assets',
  'software_licenses',
  'user_software_licenses',
  'domains',
];

const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function startSimulatorProcess(keyFile: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'backend/src/simulators/workspace/cli.ts'),
      '--users',
      String(USERS),
      '--chrome',
      String(Math.round(50_000 * SCALE)),
      '--mobile',
      String(Math.round(30_000 * SCALE)),
      '--groups',
      String(Math.round(2_000 * SCALE)),
      '--licensed',
      '1',
      '--port',
      '0',
      '--key-file',
      keyFile,
      '--new-key',
      '--stdin-control',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
  return { child, origin };
}

/** Sends one control line to the simulator and waits for its answer. */
function control(child: ChildProcess, line: string): Promise<string> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text === '') return;
      child.stdout?.off('data', onData);
      resolve(text);
    };
    child.stdout?.on('data', onData);
    child.stdin?.write(`${line}\n`);
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
    `bench:sync — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; simulator with ${USERS} users\n`,
  );
  const work = mkdtempSync(join(tmpdir(), 'helios-bench-sync-'));
  const keyFile = join(work, 'key.json');
  const { child, origin } = await startSimulatorProcess(keyFile);
  const key = readKeyFile(keyFile);
  if (!key) throw new Error('simulator wrote no key');
  const name = `bench_sync_${process.pid}`;
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
    await saveGoogleSettingsCommand(
      db,
      vault,
      { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' },
      { serviceAccountKey: key, adminEmail: `admin@acme.example` },
    );

    const runOnce = async (label: string, kind: 'full' | 'incremental' = 'full') => {
      const before = await tuplesWritten(stats);
      const rssBefore = process.resourceUsage().maxRSS;
      // Each run gets its own connections, closed afterwards: a backend flushes its statistics
      // when it exits, so the counts below cannot lag into the next run.
      const runHandle = openServerDatabase({ connectionString: urlOf(name), max: 4 });
      const google = googleProvider({ vault, apiOrigin: origin });
      const { run } = await requestSync(runHandle.db, organization.id, google, 'cli', null, kind);
      const t0 = performance.now();
      // When each phase started and last reported (its end): where a run's time goes — phases
      // that run side by side overlap, so their times add up to more than the wall time.
      const spans = new Map<string, { start: number; end: number }>();
      const finished = await executeSync(runHandle.db, google, organization.id, run.id, {
        onProgress: (phase) => {
          const now = performance.now();
          const span = spans.get(phase);
          if (span) span.end = now;
          else spans.set(phase, { start: now, end: now });
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const phaseTimes = [...spans].map(
        ([phase, { start, end }]) =>
          `${phase} ${((start - t0) / 1000).toFixed(1)}–${((end - t0) / 1000).toFixed(1)} s`,
      );
      console.log(`${label}: ${phaseTimes.join(', ')}`);
      await runHandle.close();
      const after = await tuplesWritten(stats);
      const written = total(after) - total(before);
      const byTable = [...after]
        .filter(([t, n]) => n !== (before.get(t) ?? 0))
        .map(([t, n]) => `${t} ${n - (before.get(t) ?? 0)}`);
      console.log(`${label}: ${byTable.join(', ') || 'no rows written'}`);
      if (finished?.status !== 'succeeded')
        throw new Error(`${label} run ${finished?.status}: ${JSON.stringify(finished?.errors)}`);
      if (finished.kind !== kind) throw new Error(`${label} ran as ${finished.kind}, not ${kind}`);
      return {
        label,
        seconds,
        written,
        rssMiB: Math.max(rssBefore, process.resourceUsage().maxRSS) / 1024,
        requests: finished.request_count,
      };
    };
    const first = await runOnce('first sync');
    const second = await runOnce('unchanged re-sync (full reconcile)');
    const third = await runOnce('unchanged re-sync (incremental)', 'incremental');
    console.log(`simulator: ${await control(child, 'retitle 0.01')}`);
    const fourth = await runOnce('re-sync with 1 % of users changed (incremental)', 'incremental');

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
    // One psql session loads every table (constraints checked at the end, as a restore does).
    const script = TABLES.map((t) => `\\copy ${t} FROM '${join(work, `${t}.csv`)}'`).join('\n');
    const t0 = performance.now();
    execFileSync('psql', [urlOf(copyName), '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      input: `BEGIN;\nSET session_replication_role = replica;\n${script}\nCOMMIT;\n`,
    });
    const copySeconds = (performance.now() - t0) / 1000;

    console.log('| run | wall time | rows written | peak RSS | Google requests | vs COPY of the same rows |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of [first, second, third, fourth]) {
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
    child.kill('SIGTERM');
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE ${copyName} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv.includes('--microsoft')) await import('./sync-microsoft.ts');
else await main();
