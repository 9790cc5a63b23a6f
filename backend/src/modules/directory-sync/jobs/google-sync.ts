import type { JobSpec } from '../../../core/jobs/spec.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { executeGoogleSync, requestGoogleSync, type ExecuteDeps } from '../commands/google-sync.ts';
import { createWorkspaceSource } from '../providers/google/clients.ts';
import { findGoogleSettings } from '../queries/google-settings.ts';
import { activeRun } from '../queries/sync-runs.ts';

/** Runs one queued sync run (`{ runId }`). */
export const GOOGLE_SYNC_QUEUE = 'google-sync';
/** The periodic check that queues a run when one is due. */
export const GOOGLE_SYNC_SCHEDULE_QUEUE = 'google-sync-schedule';

/** How a sync job decrypts the key and builds its Google client, from the module context. */
export function executeDepsOf({ vault, identity, logger }: ModuleContext): ExecuteDeps {
  return {
    vault,
    makeSource: (settings, key) =>
      createWorkspaceSource({
        serviceAccountKey: key,
        adminEmail: settings.admin_email,
        customerId: settings.customer_id,
        ...(identity.googleApiOrigin ? { apiOrigin: identity.googleApiOrigin } : {}),
        logger,
      }),
  };
}

/**
 * Every 5 minutes the schedule looks whether a sync is due (the organization's interval, default
 * 15 minutes, since the last one) and queues it; a run already queued (e.g. by a replica without
 * jobs) is picked up too. The runs table's unique index keeps it to one run at a time across
 * replicas; the `exclusive` queue policy keeps workers from overlapping.
 */
export function googleSyncJobs(ctx: ModuleContext): JobSpec[] {
  const { db, logger } = ctx;
  const execute = executeDepsOf(ctx);
  const enqueue = (runId: number) =>
    ctx.jobs.send(GOOGLE_SYNC_QUEUE, { runId }, { singletonKey: `run-${runId}` });
  return [
    {
      queue: GOOGLE_SYNC_QUEUE,
      options: { policy: 'exclusive', expireInSeconds: 6 * 3600, retryLimit: 0 },
      async work(jobs) {
        for (const job of jobs) {
          const organization = await findOrganization(db);
          if (!organization) return;
          const { runId } = job.data as { runId: number };
          const run = await executeGoogleSync(db, execute, organization.id, runId);
          if (run)
            logger.info(
              { runId: run.id, status: run.status, durationMs: run.duration_ms, counts: run.counts },
              'google sync finished',
            );
        }
      },
    },
    {
      queue: GOOGLE_SYNC_SCHEDULE_QUEUE,
      options: { policy: 'exclusive', expireInSeconds: 120, retryLimit: 0 },
      schedule: { cron: '*/5 * * * *' },
      async work() {
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
    },
  ];
}
