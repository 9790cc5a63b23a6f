import type { JobSpec } from '../../../core/jobs/spec.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { MailboxNotConfigured, pollMailbox } from '../commands/ingest.ts';
import { sendPendingMail } from '../commands/send.ts';
import { findMailSettings } from '../queries/settings.ts';

export const MAIL_SEND_QUEUE = 'mail-send';
export const MAIL_POLL_QUEUE = 'mail-poll';

/**
 * The outbox is drained every minute (pg-boss's finest cron), and the watched mailbox polled when
 * its interval has passed. Both are `exclusive` (one run queued or active across replicas) and
 * idempotent: a retried send asks before sending again, a retried poll skips what it recorded.
 */
export function mailJobs(ctx: ModuleContext): JobSpec[] {
  const deps = {
    db: ctx.db,
    vault: ctx.vault,
    organizationId: ctx.organizationId,
    googleApiOrigin: ctx.identity.googleApiOrigin,
    now: ctx.now,
  };
  return [
    {
      queue: MAIL_SEND_QUEUE,
      options: {
        policy: 'exclusive',
        expireInSeconds: 600,
        retryLimit: 3,
        retryDelay: 30,
        retryBackoff: true,
      },
      schedule: { cron: '* * * * *' },
      async work() {
        try {
          // Batches until the outbox is empty (or a batch sent nothing, e.g. everything retrying).
          for (;;) {
            const outcome = await sendPendingMail(deps, { limit: 100 });
            const total = outcome.sent + outcome.failed + outcome.retrying;
            if (total > 0) ctx.logger.info(outcome, 'mail sent');
            if (total < 100 || outcome.sent === 0) break;
          }
        } catch (error) {
          ctx.logger.error({ err: error }, 'sending mail failed');
          throw error;
        }
      },
    },
    {
      queue: MAIL_POLL_QUEUE,
      options: {
        policy: 'exclusive',
        expireInSeconds: 1800,
        retryLimit: 2,
        retryDelay: 60,
        retryBackoff: true,
      },
      schedule: { cron: '* * * * *' },
      async work() {
        const settings = await findMailSettings(ctx.db, ctx.organizationId);
        if (!settings?.watch_mailbox) return;
        const due = (settings.last_poll_at?.getTime() ?? 0) + settings.poll_interval_minutes * 60_000 - 5_000;
        if (ctx.now().getTime() < due) return;
        try {
          const result = await pollMailbox({ ...deps, storage: ctx.storage });
          if (result.messages > 0) ctx.logger.info(result, 'support mailbox polled');
        } catch (error) {
          if (error instanceof MailboxNotConfigured) {
            ctx.logger.warn({ reason: error.message }, 'support mailbox not polled');
            return;
          }
          ctx.logger.error({ err: error }, 'polling the support mailbox failed');
          throw error;
        }
      },
    },
  ];
}
