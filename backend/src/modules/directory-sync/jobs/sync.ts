import type { JobSpec } from '../../../core/jobs/spec.ts';
import type { JobQueue, ModuleContext } from '../../../core/module.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { executeSync, requestSync } from '../commands/sync-runs.ts';
import type { DirectoryProvider, ProviderConnection, ProviderName, RunKind } from '../engine/provider.ts';
import { activeRun, lastSucceededRun } from '../queries/sync-runs.ts';

/** The queue that runs one queued run (`{ runId }`) of a provider: `google-sync`. */
export const syncQueueOf = (provider: ProviderName): string => `${provider}-sync`;
/** The provider's periodic check that queues a run when one is due: `google-sync-schedule`. */
export const scheduleQueueOf = (provider: ProviderName): string => `${provider}-sync-schedule`;

/** Hands a queued run to the provider's worker (once: the singleton key is the run). */
export const enqueueRun = (jobs: JobQueue, provider: ProviderName, runId: number): Promise<void> =>
  jobs.send(syncQueueOf(provider), { runId }, { singletonKey: `run-${runId}` });

/**
 * Which run the schedule queues now, if any. A provider that can run incrementally: a full
 * reconcile as soon as the last successful one (`lastFullAt`) is older than its full interval
 * (or never happened), otherwise an incremental run once its interval has passed since the last
 * run. Any other provider: a full run every `intervalMinutes`.
 */
export function dueRun(
  connection: Pick<ProviderConnection, 'intervalMinutes' | 'lastSyncAt' | 'incremental'>,
  lastFullAt: Date | null,
  now: number,
): RunKind | undefined {
  const age = (date: Date | null) => (date ? now - date.getTime() : Number.POSITIVE_INFINITY);
  const { incremental } = connection;
  if (!incremental)
    return age(connection.lastSyncAt) >= connection.intervalMinutes * 60_000 ? 'full' : undefined;
  if (age(lastFullAt) >= incremental.fullIntervalMinutes * 60_000) return 'full';
  return age(connection.lastSyncAt) >= incremental.intervalMinutes * 60_000 ? 'incremental' : undefined;
}

/**
 * Per provider: a worker for its runs and a schedule. Every 5 minutes the schedule looks whether a
 * sync is due (the provider's interval, default 15 minutes, since the last one) and queues it. A
 * provider that can run incrementally (Google: the Reports API) gets an incremental run every
 * `incremental.intervalMinutes` once a full reconcile succeeded, and a full reconcile when the last
 * successful one is older than `incremental.fullIntervalMinutes` (default nightly); a
 * run already queued (e.g. by a replica without jobs) is picked up too. The runs table's unique
 * index keeps it to one run per provider at a time across replicas; the `exclusive` queue policy
 * keeps workers from overlapping. Providers have their own queues, so they run side by side.
 */
export function syncJobs(ctx: ModuleContext, providers: readonly DirectoryProvider[]): JobSpec[] {
  const { db, logger } = ctx;
  return providers.flatMap((provider): JobSpec[] => [
    {
      queue: syncQueueOf(provider.name),
      options: { policy: 'exclusive', expireInSeconds: 6 * 3600, retryLimit: 0 },
      async work(jobs) {
        for (const job of jobs) {
          const organization = await findOrganization(db);
          if (!organization) return;
          const { runId } = job.data as { runId: number };
          const run = await executeSync(db, provider, organization.id, runId);
          if (run)
            logger.info(
              {
                provider: provider.name,
                runId: run.id,
                status: run.status,
                durationMs: run.duration_ms,
                counts: run.counts,
              },
              `${provider.name} sync finished`,
            );
        }
      },
    },
    {
      queue: scheduleQueueOf(provider.name),
      options: { policy: 'exclusive', expireInSeconds: 120, retryLimit: 0 },
      schedule: { cron: '*/5 * * * *' },
      async work() {
        const organization = await findOrganization(db);
        if (!organization) return;
        const connection = await provider.connection(db, organization.id);
        if (!connection?.enabled) return;
        const waiting = await activeRun(db, organization.id, provider.name);
        if (waiting?.status === 'queued') {
          await enqueueRun(ctx.jobs, provider.name, waiting.id);
          return;
        }
        const lastFull = connection.incremental
          ? await lastSucceededRun(db, organization.id, provider.name, 'full')
          : undefined;
        const kind = dueRun(connection, lastFull?.started_at ?? null, Date.now());
        if (kind === undefined) return;
        const { run, created } = await requestSync(db, organization.id, provider, 'schedule', null, kind);
        if (created) await enqueueRun(ctx.jobs, provider.name, run.id);
      },
    },
  ]);
}
