import type { DatabaseHandle } from './core/db/connection.ts';
import { type JobRunnerOptions, type RunningJobs, startJobRunner } from './core/jobs/runner.ts';
import type { JobQueue } from './core/module.ts';
import { type ContextDeps, moduleContext } from './context.ts';

export type { RunningJobs } from './core/jobs/runner.ts';

export interface JobsOptions extends JobRunnerOptions {
  /** What the modules' jobs are built with (the same context their routes get). */
  context: Omit<ContextDeps, 'jobs'>;
}

/**
 * Starts the background jobs of every module in the registry. Call after the migrations and the
 * first-start bootstrap. A job may queue further work: the context's queue is this runner's.
 */
export async function startJobs(database: DatabaseHandle, options: JobsOptions): Promise<RunningJobs> {
  // Bound once the runner has started; modules only send from inside running jobs.
  const late: { queue?: JobQueue } = {};
  const ctx = moduleContext({
    ...options.context,
    jobs: {
      send: (name, data, sendOptions) => late.queue?.send(name, data, sendOptions) ?? Promise.resolve(),
    },
  });
  const specs = ctx.registry.modules.flatMap((m) => m.jobs?.(ctx) ?? []);
  const running = await startJobRunner(database, specs, options);
  late.queue = running.queue;
  return running;
}
