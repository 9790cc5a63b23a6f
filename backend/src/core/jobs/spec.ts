import type { Queue, ScheduleOptions } from 'pg-boss';

/**
 * A module's background job: the queue it owns (created or updated at every start, on every
 * replica alike), an optional schedule (pg-boss cron, evaluated by one replica at a time), and the
 * worker this replica runs.
 */
export interface JobSpec {
  queue: string;
  /** pg-boss queue options (policy, expiry, retries). */
  options: Omit<Queue, 'name'>;
  /** Sends `{}` to the queue on this cron schedule (UTC unless the options say otherwise). */
  schedule?: { cron: string; options?: ScheduleOptions };
  /** Handles a batch of jobs; throwing fails them (pg-boss retries as the queue says). */
  work(jobs: { id: string; data: unknown }[]): Promise<void>;
}
