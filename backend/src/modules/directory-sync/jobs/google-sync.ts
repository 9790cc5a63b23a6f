import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { executeGoogleSync, requestGoogleSync, type ExecuteDeps } from '../commands/google-sync.ts';
import type { Database } from '../../../core/db/schema.ts';
import type { Logger } from '../../../core/logger.ts';
import { findGoogleSettings } from '../queries/google-settings.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { activeRun } from '../queries/sync-runs.ts';

/** Runs one queued sync run (`{ runId }`). */
export const GOOGLE_SYNC_QUEUE = 'google-sync';
/** The periodic check that queues a run when one is due. */
export const GOOGLE_SYNC_SCHEDULE_QUEUE = 'google-sync-schedule';

/**
 * Every 5 minutes the schedule looks whether a sync is due (the organization's interval, default
 * 15 minutes, since the last one) and queues it; a run already queued (e.g. by a replica without
 * jobs) is picked up too. The runs table's unique index keeps it to one run at a time across
 * replicas; the `exclusive` queue policy keeps workers from overlapping.
 */
export async function registerGoogleSync(
  boss: PgBoss,
  db: Kysely<Database>,
  logger: Logger,
  execute: ExecuteDeps,
  options: { pollingIntervalSeconds: number; cron?: string | undefined },
): Promise<{ enqueue: (runId: number) => Promise<void> }> {
  await boss.createQueue(GOOGLE_SYNC_QUEUE, {
    policy: 'exclusive',
    expireInSeconds: 6 * 3600,
    retryLimit: 0,
  });
  await boss.createQueue(GOOGLE_SYNC_SCHEDULE_QUEUE, {
    policy: 'exclusive',
    expireInSeconds: 120,
    retryLimit: 0,
  });
  await boss.schedule(GOOGLE_SYNC_SCHEDULE_QUEUE, options.cron ?? '*/5 * * * *', null, { tz: 'UTC' });
  const enqueue = async (runId: number) => {
    await boss.send(GOOGLE_SYNC_QUEUE, { runId }, { singletonKey: `run-${runId}` });
  };

  await boss.work<{ runId: number }>(
    GOOGLE_SYNC_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
    async (jobs) => {
      for (const job of jobs) {
        const organization = await findOrganization(db);
        if (!organization) return;
        const run = await executeGoogleSync(db, execute, organization.id, job.data.runId);
        if (run)
          logger.info(
            { runId: run.id, status: run.status, durationMs: run.duration_ms, counts: run.counts },
            'google sync finished',
          );
      }
    },
  );

  await boss.work(
    GOOGLE_SYNC_SCHEDULE_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
    async () => {
      const organization = await findOrganization(db);
      if (!organization) return;
      const settings = await findGoogleSettings(db, organization.id);
      if (!settings || !settings.is_enabled) return;
      const waiting = await activeRun(db, organization.id);
      if (waiting?.status === 'queued') {
        await enqueue(waiting.id);
        return;
      }
      const due =
        !settings.last_sync_at ||
        Date.now() - settings.last_sync_at.getTime() >= settings.sync_interval_minutes * 60_000;
      if (!due) return;
      const { run, created } = await requestGoogleSync(db, organization.id, 'schedule', null);
      if (created) await enqueue(run.id);
    },
  );
  return { enqueue };
}
