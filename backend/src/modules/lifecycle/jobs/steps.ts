import type { JobSpec } from '../../../core/jobs/spec.ts';
import type { LifecycleDeps } from '../commands/deps.ts';
import { runDueSteps } from '../commands/engine.ts';

/** The queue (and schedule) of the step worker. */
export const LIFECYCLE_STEPS_QUEUE = 'lifecycle-steps';

/**
 * Every minute, and whenever something makes a step due now (an approval, a retry, a finished
 * task): one pass over the steps due. Any number of passes may run at once, on any replica — each
 * step is claimed by one of them (commands/engine.ts) — so the queue needs no singleton; a pass
 * that dies leaves its claimed step to be re-claimed after its lease.
 */
export function lifecycleJobs(deps: LifecycleDeps): JobSpec[] {
  return [
    {
      queue: LIFECYCLE_STEPS_QUEUE,
      options: {
        policy: 'standard',
        // A pass runs steps one after the other; Google calls are bounded by their own timeouts.
        expireInSeconds: 900,
        retryLimit: 2,
        retryDelay: 30,
      },
      schedule: { cron: '* * * * *', options: { missed: 'once' } },
      async work() {
        try {
          const result = await runDueSteps(deps);
          if (result.claimed > 0) deps.logger.info(result, 'lifecycle steps ran');
        } catch (error) {
          deps.logger.error({ err: error }, 'lifecycle step pass failed');
          throw error;
        }
      },
    },
  ];
}
