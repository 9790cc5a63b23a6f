import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { JobSpec } from '../../../core/jobs/spec.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { type ExpiryAlertSent, runExpiryAlerts } from '../commands/expiry-alerts.ts';
import { dayIn } from '../queries/expiring.ts';

/** The queue (and schedule) name of the expiry alert job. */
export const EXPIRY_ALERTS_QUEUE = 'expiry-alerts';

/**
 * Every hour at minute 5 (UTC). The alerts are daily — a stage goes out once per item — but the
 * day that matters is the organization's, in its own time zone, which can change at any time; an
 * hourly evaluation follows it without rescheduling and delivers each stage within an hour of the
 * organization's midnight. Running more often costs one indexed query per run: everything already
 * sent is skipped by the unique key.
 */
export const EXPIRY_ALERTS_CRON = '5 * * * *';

/**
 * One run: the organization's today in its time zone, then every alert due on it. Nothing to do
 * before the first start has created the organization.
 */
export async function expiryAlertsJob(db: Kysely<Database>, now: Date): Promise<ExpiryAlertSent[]> {
  const organization = await findOrganization(db);
  if (!organization) return [];
  return runExpiryAlerts(db, {
    organizationId: organization.id,
    today: dayIn(organization.timezone, now),
  });
}

/**
 * Safe on every replica at once: pg-boss lets one replica per interval evaluate the schedule and
 * files each occurrence under a singleton slot, so it becomes one job; the `exclusive` policy keeps
 * at most one run queued or active, so runs never overlap; and the run itself is idempotent, so
 * even a retried job alerts each item and stage once.
 */
export function expiryAlertJobs({ db, logger, now }: ModuleContext): JobSpec[] {
  return [
    {
      queue: EXPIRY_ALERTS_QUEUE,
      options: {
        policy: 'exclusive',
        // A run takes well under a second; one stuck for 5 minutes is dead and may be retried.
        expireInSeconds: 300,
        retryLimit: 3,
        retryDelay: 60,
        retryBackoff: true,
      },
      // After downtime (or a laptop that was closed), send one catch-up run at once instead of
      // waiting for the next occurrence.
      schedule: { cron: EXPIRY_ALERTS_CRON, options: { missed: 'once' } },
      async work() {
        let sent: ExpiryAlertSent[];
        try {
          sent = await expiryAlertsJob(db, now());
        } catch (error) {
          // pg-boss records the failure on the job and retries it; the log is where an operator looks.
          logger.error({ err: error }, 'expiry alerts failed');
          throw error;
        }
        if (sent.length > 0) {
          logger.info(
            { alerts: sent.length, notifications: sent.reduce((n, s) => n + s.recipients.length, 0) },
            'sent expiry alerts',
          );
        }
      },
    },
  ];
}
