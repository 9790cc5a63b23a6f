import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../module.ts';
import { type BossTimings, createBoss, defaultTimings } from './boss.ts';
import type { JobSpec } from './spec.ts';

export interface JobRunnerOptions {
  logger: Logger;
  /** DATABASE_URL in server mode (pg-boss opens its own connections); undefined in embedded mode. */
  connectionString: string | undefined;
  timings?: Partial<BossTimings>;
  /** Replaces a queue's schedule (tests fire one at once): queue name → cron. */
  schedules?: Record<string, string>;
}

/** The background jobs of this process. */
export interface RunningJobs {
  readonly boss: PgBoss;
  /** Queues work for the workers (of this replica or any other). */
  readonly queue: JobQueue;
  /**
   * Stops polling and scheduling, waits up to `timeoutMs` for running jobs, and closes pg-boss's
   * own connections. Call before the database closes. Idempotent.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts pg-boss on the database (installing or upgrading its `pgboss` schema) and every job the
 * modules declare: queues, schedules and this replica's workers. Safe on every replica at once:
 * queues and schedules are upserts, and pg-boss lets one replica per interval evaluate schedules.
 */
export async function startJobRunner(
  database: DatabaseHandle,
  specs: readonly JobSpec[],
  options: JobRunnerOptions,
): Promise<RunningJobs> {
  const { logger } = options;
  const timings = { ...defaultTimings, ...options.timings };
  const boss = createBoss(database, { connectionString: options.connectionString, timings });
  // pg-boss reports failed polls and jobs as events; an EventEmitter 'error' with no listener
  // would crash the process.
  boss.on('error', (error) => logger.error({ err: error }, 'background job error'));
  boss.on('warning', (warning) => logger.warn({ data: warning.data }, warning.message));
  await boss.start();
  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 10_000) => {
    stopping ??= boss.stop({ graceful: true, timeout: timeoutMs });
    return stopping;
  };
  try {
    for (const spec of specs) {
      await boss.createQueue(spec.queue, spec.options);
      const cron = options.schedules?.[spec.queue] ?? spec.schedule?.cron;
      if (cron) await boss.schedule(spec.queue, cron, null, { tz: 'UTC', ...spec.schedule?.options });
      await boss.work(spec.queue, { pollingIntervalSeconds: timings.pollingIntervalSeconds }, (jobs) =>
        spec.work(jobs),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  logger.debug({ mode: database.mode, queues: specs.map((s) => s.queue) }, 'background jobs started');
  const queue: JobQueue = {
    async send(name, data, sendOptions) {
      await boss.send(name, data, sendOptions ?? {});
    },
  };
  return { boss, stop, queue };
}
