import type { HeliosModule } from '../../core/module.ts';
import { mailJobs } from './jobs/mail.ts';
import { mailRoutes } from './routes/mail.ts';

/**
 * Mail: notifications by email (the outbox is the notifications table, drained by the send job
 * through the Gmail API or SMTP), and a watched support mailbox whose mail becomes tickets and
 * replies by itself.
 */
export const mailModule: HeliosModule = {
  name: 'mail',
  routes: mailRoutes,
  jobs: mailJobs,
};
