import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization } from '../src/bootstrap.ts';
import { loadConfig } from '../src/core/config.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { tmpdir } from 'node:os';
import { type RunningJobs, startJobs } from '../src/jobs.ts';
import { EXPIRY_ALERTS_QUEUE } from '../src/modules/documentation/jobs/expiry-alerts.ts';
import { createLogger } from '../src/core/logger.ts';
import { insertUser } from '../src/core/queries/users.ts';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.ts';

/** Fast enough for a test to see a schedule fire within seconds, slow enough not to spin. */
const timings = { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
/** The job's clock: its organization (UTC) is on 2027-03-10. */
const now = () => new Date('2027-03-10T12:00:00Z');
/** A cron that never comes due during a test (1 January, midnight). */
const NEVER = '0 0 1 1 *';

/** A daily six-field cron (with seconds) whose occurrence was `secondsAgo` seconds ago, in UTC. */
function dailyCronJustPassed(secondsAgo = 2): string {
  const t = new Date(Date.now() - secondsAgo * 1000);
  return `${t.getUTCSeconds()} ${t.getUTCMinutes()} ${t.getUTCHours()} * * *`;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A migrated database with the organization, an admin, and a domain 7 days from expiry. */
async function prepare(t: TestDatabase): Promise<{ domainId: number; adminId: number }> {
  await migrateToLatest(t.handle.db);
  const { organization } = await bootstrapOrganization(t.handle.db, {
    name: 'Acme',
    primaryDomain: 'acme.example',
    seedDemo: false,
  });
  const admin = await insertUser(t.handle.db, {
    organization_id: organization.id,
    email: 'admin@acme.example',
    role: 'admin',
  });
  const domain = await t.handle.db
    .insertInto('domains')
    .values({ organization_id: organization.id, name: 'acme.example', expire_date: '2027-03-17' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { domainId: domain.id, adminId: admin.id };
}

const jobsOn = (t: TestDatabase, options: { expiryAlertsCron?: string } = {}): Promise<RunningJobs> =>
  startJobs(t.handle, {
    logger: createLogger('silent'),
    connectionString: t.url,
    timings,
    schedules: { [EXPIRY_ALERTS_QUEUE]: options.expiryAlertsCron ?? NEVER },
    context: {
      db: t.handle.db,
      pool: t.handle.pool,
      logger: createLogger('silent'),
      organizationId: 0, // jobs look the organization up when they run
      identity: {
        audiences: [],
        orgDomain: 'acme.example',
        googleApiOrigin: undefined,
        bootstrapAdminEmail: undefined,
      },
      dataDir: tmpdir(),
      encryptionKeys: { current: Buffer.alloc(32, 7).toString('base64'), previous: [] },
      now,
    },
  });

const alertRows = (t: TestDatabase) =>
  t.handle.db.selectFrom('expiry_alerts').select(['entity_type', 'entity_id', 'stage']).execute();

/** pg-boss's own sessions on the server (it names them helios-jobs). */
async function bossConnections(t: TestDatabase): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = 'helios-jobs'`.execute(t.handle.db);
  return rows[0]?.n ?? 0;
}

describe('HELIOS_JOBS', () => {
  it('defaults to on and can be turned off for web-only replicas', () => {
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ HELIOS_JOBS: 'false' }).jobs).toBe(false);
    expect(loadConfig({ HELIOS_JOBS: 'true' }).jobs).toBe(true);
  });
});

describe.each(backends)('background jobs (pg-boss) on %s', (backend) => {
  let t: TestDatabase;
  let seeded: { domainId: number; adminId: number };

  beforeAll(async () => {
    t = await createTestDatabase(backend, 'jobs');
    seeded = await prepare(t);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('starts, runs a sent job through its handler, and stops cleanly', async () => {
    const jobs = await jobsOn(t);
    let stopped = false;
    jobs.boss.on('stopped', () => {
      stopped = true;
    });

    // Its tables live in their own schema, beside (not in) the migrated one.
    const { rows: schemas } = await sql<{ schema_name: string }>`
      SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'pgboss'`.execute(t.handle.db);
    expect(schemas).toHaveLength(1);
    if (backend === 'postgres') {
      // A server gives pg-boss connections of its own…
      expect(await bossConnections(t)).toBeGreaterThan(0);
    } else {
      // …PGlite has one, and pg-boss shares it through our pool.
      expect(t.handle.pool.options.max).toBe(1);
      expect(t.handle.pool.totalCount).toBeLessThanOrEqual(1);
    }

    const id = await jobs.boss.send(EXPIRY_ALERTS_QUEUE, {});
    expect(id).toEqual(expect.any(String));
    await waitFor('the job to complete', async () => {
      const [job] = await jobs.boss.findJobs(EXPIRY_ALERTS_QUEUE, { id: id ?? '' });
      return job?.state === 'completed' ? job : undefined;
    });
    expect(await alertRows(t)).toEqual([
      { entity_type: 'domain', entity_id: seeded.domainId, stage: '7_days' },
    ]);
    const notified = await t.handle.db
      .selectFrom('notifications')
      .select(['user_id', 'type', 'message'])
      .where('entity_id', '=', seeded.domainId)
      .execute();
    expect(notified).toEqual([
      {
        user_id: seeded.adminId,
        type: 'domain_expiring',
        message: 'Domain acme.example expires in 7 days (2027-03-17)',
      },
    ]);

    await jobs.stop(2_000);
    await jobs.stop(); // idempotent
    expect(stopped).toBe(true);
    // The database stays open and usable (in embedded mode pg-boss must not close the shared
    // connection), and on a server pg-boss's own connections are gone.
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(t.handle.db)).rows).toEqual([{ one: 1 }]);
    if (backend === 'postgres')
      await waitFor('its connections to close', async () =>
        (await bossConnections(t)) === 0 ? true : undefined,
      );
  });

  it('fires the schedule and runs the job it sends', async () => {
    const jobs = await jobsOn(t, { expiryAlertsCron: dailyCronJustPassed() });
    try {
      // The schedule records the job each occurrence sent; that job, not an earlier one, must run.
      const jobId = await waitFor('the schedule to fire', async () => {
        const schedule = await jobs.boss.getSchedule(EXPIRY_ALERTS_QUEUE);
        return schedule?.lastJobId ?? undefined;
      });
      const job = await waitFor('the scheduled job to complete', async () => {
        const [found] = await jobs.boss.findJobs(EXPIRY_ALERTS_QUEUE, { id: jobId });
        return found?.state === 'completed' ? found : undefined;
      });
      expect(job.name).toBe(EXPIRY_ALERTS_QUEUE);
      // Idempotent: the stage sent by the previous test is not sent again.
      expect(await alertRows(t)).toHaveLength(1);
    } finally {
      await jobs.stop(2_000);
    }
  });

  if (backend === 'pglite') {
    it('waits for an open application transaction on the shared connection instead of joining it', async () => {
      const jobs = await jobsOn(t);
      try {
        let sent: Promise<string | null> | undefined;
        await t.handle.db
          .transaction()
          .execute(async (trx) => {
            await sql`SELECT 1`.execute(trx);
            sent = jobs.boss.send(EXPIRY_ALERTS_QUEUE, { probe: true }, { startAfter: 3600 });
            const early = await Promise.race([sent.then(() => 'sent'), sleep(300).then(() => 'waiting')]);
            expect(early).toBe('waiting');
            throw new Error('roll the application transaction back');
          })
          .catch((error: unknown) => {
            if (!(error instanceof Error) || !error.message.startsWith('roll')) throw error;
          });
        // The job was written after the rollback, on its own: it survives it.
        const id = await sent;
        expect(id).toEqual(expect.any(String));
        const [job] = await jobs.boss.findJobs(EXPIRY_ALERTS_QUEUE, { id: id ?? '' });
        expect(job?.data).toEqual({ probe: true });
        await jobs.boss.cancel(EXPIRY_ALERTS_QUEUE, id ?? '');
      } finally {
        await jobs.stop(2_000);
      }
    });
  }

  if (backend === 'postgres') {
    it('two replicas running the daily schedule execute it once', async () => {
      const fresh = await createTestDatabase('postgres', 'jobs2');
      try {
        const { domainId } = await prepare(fresh);
        const cron = dailyCronJustPassed();
        const replicas = await Promise.all([
          jobsOn(fresh, { expiryAlertsCron: cron }),
          jobsOn(fresh, { expiryAlertsCron: cron }),
        ]);
        try {
          const first = await waitFor('the daily job to complete', async () => {
            const found = await replicas[0].boss.findJobs(EXPIRY_ALERTS_QUEUE);
            return found.find((j) => j.state === 'completed');
          });
          // Several more schedule passes on both replicas, all inside the occurrence's due window.
          await sleep(3_000);
          const all = await replicas[1].boss.findJobs(EXPIRY_ALERTS_QUEUE);
          expect(all.map((j) => j.id)).toEqual([first.id]);
          const schedules = await replicas[1].boss.getSchedules(EXPIRY_ALERTS_QUEUE);
          expect(schedules).toHaveLength(1);
          expect(schedules[0]?.lastJobId).toBe(first.id);
          // No overlap and no pile-up: the queue holds at most one run, queued or active.
          expect((await replicas[0].boss.getQueue(EXPIRY_ALERTS_QUEUE))?.policy).toBe('exclusive');
          const queued = await replicas[0].boss.send(EXPIRY_ALERTS_QUEUE, {}, { startAfter: 3600 });
          expect(queued).toEqual(expect.any(String));
          expect(await replicas[1].boss.send(EXPIRY_ALERTS_QUEUE, {})).toBeNull();
          await replicas[0].boss.cancel(EXPIRY_ALERTS_QUEUE, queued ?? '');
          expect(await alertRows(fresh)).toEqual([
            { entity_type: 'domain', entity_id: domainId, stage: '7_days' },
          ]);
          expect(
            await fresh.handle.db
              .selectFrom('notifications')
              .select('user_id')
              .where('entity_id', '=', domainId)
              .execute(),
          ).toHaveLength(1);
        } finally {
          await Promise.all(replicas.map((r) => r.stop(2_000)));
        }
      } finally {
        await fresh.drop();
      }
    });
  }
});
