// Several replicas on one PostgreSQL, as real processes: they start together on a fresh database,
// share one rate-limit budget and one idempotency store, and one of them stopping (gracefully or by
// kill -9) loses no acknowledged request while the others keep serving.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations/index.ts';
import { startSimulator, type Simulator } from '../../src/simulators/workspace/server.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import {
  adminKey,
  replicaEnv,
  runCli,
  type ServerProcess,
  startServerProcess,
} from '../support/processes.ts';

const encryptionKey = randomBytes(32).toString('base64');

describe('three replicas on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let env: NodeJS.ProcessEnv;
  let replicas: ServerProcess[] = [];
  let key = '';
  let google: Simulator;

  beforeAll(async () => {
    database = await createPostgresDatabase('replicas');
    google = await startSimulator();
    env = replicaEnv(database.url, {
      HELIOS_ENCRYPTION_KEY: encryptionKey,
      HELIOS_GOOGLE_API_ORIGIN: google.origin,
      // Small enough to reach in a test; shared by all three replicas or it would allow 3 × 6.
      HELIOS_AUTH_FAILURE_LIMIT: '6',
    });
    // All three at once on a database nobody migrated yet.
    replicas = await Promise.all([1, 2, 3].map(() => startServerProcess(env)));
    key = adminKey(env);
  }, 240_000);

  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await database?.drop();
    await google?.close();
  });

  const api = (replica: ServerProcess, path: string, init: RequestInit = {}) =>
    fetch(`${replica.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });

  it('start together on a fresh database: the migrations ran once and every replica serves', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      const organizations = await client.query('SELECT id FROM organizations');
      expect(organizations.rowCount).toBe(1);
      // Every replica registered the job schedules, and pg-boss keeps one of each for the cluster
      // (its cron monitor then sends one job per tick, whichever replica evaluates it).
      const schedules = await client.query<{ name: string; n: string }>(
        'SELECT name, count(*) AS n FROM pgboss.schedule GROUP BY name ORDER BY name',
      );
      expect(schedules.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(['expiry-alerts', 'google-sync-schedule']),
      );
      expect(schedules.rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await client.end();
    }
    for (const replica of replicas) {
      expect((await fetch(`${replica.url}/readyz`)).status).toBe(200);
      expect((await api(replica, '/me')).status).toBe(200);
    }
  });

  it('enforce one failed-authentication budget together, and never refuse the valid key', async () => {
    const bad = { authorization: 'Bearer helios_000000000000_' + 'x'.repeat(43) };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const replica = replicas[i % 3] as ServerProcess;
      statuses.push((await fetch(`${replica.url}/api/v1/me`, { headers: bad })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    for (const replica of replicas) {
      expect((await fetch(`${replica.url}/api/v1/me`, { headers: bad })).status).toBe(429);
      expect((await api(replica, '/me')).status).toBe(200);
    }
  });

  it('replay an Idempotency-Key stored by another replica', async () => {
    const body = JSON.stringify({ subject: 'Printer on 3rd floor jams', details: 'since Monday' });
    const headers = { 'idempotency-key': `replica-${randomBytes(4).toString('hex')}` };
    const first = await api(replicas[0] as ServerProcess, '/tickets', { method: 'POST', body, headers });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { data: { id: string } };
    const again = await api(replicas[1] as ServerProcess, '/tickets', { method: 'POST', body, headers });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { data: { id: string } }).data.id).toBe(created.data.id);
    const list = (await (await api(replicas[2] as ServerProcess, '/tickets?q=Printer')).json()) as {
      data: unknown[];
    };
    expect(list.data).toHaveLength(1);
  });

  it('run one directory sync at a time, however many replicas are asked at once', async () => {
    const [first] = replicas as [ServerProcess];
    const saved = await api(first, '/settings/google', {
      method: 'PUT',
      body: JSON.stringify({
        serviceAccountKey: JSON.stringify(google.serviceAccountKey()),
        adminEmail: google.adminEmail,
      }),
    });
    expect(saved.status).toBe(200);
    const answers = await Promise.all(
      [...replicas, ...replicas].map(async (replica) => {
        const response = await api(replica, '/sync/google', { method: 'POST' });
        expect(response.status).toBe(202);
        return ((await response.json()) as { data: { runId: number; alreadyRunning: boolean } }).data;
      }),
    );
    expect(new Set(answers.map((a) => a.runId)).size).toBe(1);
    expect(answers.filter((a) => !a.alreadyRunning)).toHaveLength(1);
    // The run is worked by exactly one replica's worker and finishes.
    const runId = answers[0]?.runId ?? 0;
    let status = 'queued';
    for (let i = 0; i < 120 && (status === 'queued' || status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const run = (await (await api(first, `/sync/runs/${runId}`)).json()) as { data: { status: string } };
      status = run.data.status;
    }
    expect(status).toBe('succeeded');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const runs = await client.query("SELECT id FROM sync_runs WHERE provider = 'google'");
      expect(runs.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  }, 180_000);

  it('lose no acknowledged request when one replica stops gracefully and another is killed -9', async () => {
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let sent = 0;
    const live = new Set(replicas);
    const createOne = async (n: number) => {
      const headers = { 'idempotency-key': `load-${n}` };
      const body = JSON.stringify({ subject: `Load ticket ${n}`, details: 'load' });
      // A client that meets a closed replica tries the next one, as a load balancer would.
      for (let attempt = 0; attempt < 6; attempt++) {
        const replica = [...live][(n + attempt) % live.size] as ServerProcess;
        try {
          const response = await api(replica, '/tickets', { method: 'POST', body, headers });
          if (response.status === 201) {
            acknowledged.push(((await response.json()) as { data: { id: string } }).data.id);
            return;
          }
          if (response.status < 500) {
            failures.push(`${n}: ${response.status}`);
            return;
          }
          failures.push(`${n}: ${response.status}`);
          return;
        } catch {
          // connection refused or reset by the replica that went away: retry elsewhere
        }
      }
      failures.push(`${n}: no replica answered`);
    };
    const [first, second, third] = replicas as [ServerProcess, ServerProcess, ServerProcess];
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let n = w; n < 160; n += 8) {
        sent++;
        if (sent === 40) {
          live.delete(third);
          third.child.kill('SIGTERM');
        }
        if (sent === 90) {
          live.delete(second);
          second.child.kill('SIGKILL');
        }
        await createOne(n);
      }
    });
    await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(await third.exited).toBe(0);
    expect(new Set(acknowledged).size).toBe(160);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const stored = await client.query<{ id: string }>(
        "SELECT id FROM tickets WHERE subject LIKE 'Load ticket %'",
      );
      expect(new Set(stored.rows.map((r) => r.id))).toEqual(new Set(acknowledged));
    } finally {
      await client.end();
    }
    expect((await api(first, '/me')).status).toBe(200);

    // The killed replica comes back on the same database and serves at once.
    const restarted = await startServerProcess(env);
    replicas.push(restarted);
    expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    expect((await api(restarted, '/tickets?q=Load+ticket&limit=1')).status).toBe(200);
  }, 240_000);

  it('db:migrate needs only DATABASE_URL; a command that opens secrets says which variable it misses', () => {
    const bare = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.url };
    const migrate = runCli(bare, ['migrate']);
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/already up to date/);
    const rotate = runCli(bare, ['rotate-key']);
    expect(rotate.status).toBe(78);
    expect(rotate.stderr).toMatch(/HELIOS_ENCRYPTION_KEY/);
    expect(rotate.stderr).not.toMatch(/HELIOS_ORG_DOMAIN/);
  });
});
