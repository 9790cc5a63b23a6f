import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from './core/db/connection.ts';
import type { Logger } from './core/logger.ts';
import { type BossTimings, createBoss, defaultTimings } from './core/jobs/boss.ts';
import type { ExecuteDeps } from './modules/directory-sync/commands/google-sync.ts';
import { registerExpiryAlerts } from './modules/documentation/jobs/expiry-alerts.ts';
import { registerGoogleSync } from './modules/directory-sync/jobs/google-sync.ts';

export interface JobsOptions {
  logger: Logger;
  /** DATABASE_URL in server mode (pg-boss opens its own connections); undefined in embedded mode. */
  connectionString: string | undefined;
  timings?: Partial<BossTimings>;
  /** Replaces the expiry alert schedule (tests). */
  expiryAlertsCron?: string;
  /** The clock jobs read "today" from (tests). */
  now?: () => Date;
  /** How the Google sync job decrypts the key and builds its Google client (no sync jobs without). */
  googleSync?: ExecuteDeps;
  /** Replaces the Google sync schedule check (tests). */
  googleSyncCron?: string;
}

/** The background jobs of this process. */
export interface RunningJobs {
  readonly boss: PgBoss;
  /** Hands a queued Google sync run to a worker. */
  enqueueGoogleSync(runId: number): Promise<void>;
  /**
   * Stops polling and scheduling, waits up to `timeoutMs` for running jobs, and closes pg-boss's
   * own connections. Call before the database closes. Idempotent.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts pg-boss on the database (installing or upgrading its `pgboss` schema) and every job:
 * queues, schedules and this replica's workers. Call after the migrations and the first-start
 * bootstrap.
 */
export async function startJobs(database: DatabaseHandle, options: JobsOptions): Promise<RunningJobs> {
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
  let enqueueGoogleSync: (runId: number) => Promise<void> = async () => {};
  try {
    if (options.googleSync) {
      const sync = await registerGoogleSync(boss, database.db, logger, options.googleSync, {
        pollingIntervalSeconds: timings.pollingIntervalSeconds,
        cron: options.googleSyncCron,
      });
      enqueueGoogleSync = sync.enqueue;
    }
    await registerExpiryAlerts(boss, database.db, logger, {
      cron: options.expiryAlertsCron,
      pollingIntervalSeconds: timings.pollingIntervalSeconds,
      now: options.now,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  logger.debug({ mode: database.mode }, 'background jobs started');
  return { boss, stop, enqueueGoogleSync: (runId) => enqueueGoogleSync(runId) };
}
