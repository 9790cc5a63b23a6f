import { findOrganization } from '../../../core/queries/organizations.ts';
import { conflict } from '../../../core/errors.ts';
import { mailerOf, type MailDeps } from '../mailer.ts';
import { render } from '../templates.ts';
import { compose, MailSendError } from '../transports/transport.ts';
import { newMessageId } from './send.ts';

/**
 * Sends one test message now, outside the outbox (the admin waits for the answer): a 409 says
 * what is missing or what the server answered.
 */
export async function sendTestEmail(deps: MailDeps, to: string): Promise<{ to: string; messageId: string }> {
  const mailer = await mailerOf(deps);
  if (typeof mailer === 'string') throw conflict(mailer);
  const organization = await findOrganization(deps.db);
  const rendered = render({ type: 'test', organization: organization?.name ?? 'Helios' });
  const messageId = newMessageId(mailer.settings.from_address);
  const raw = await compose({
    messageId,
    from: {
      name: mailer.settings.from_name ?? organization?.name ?? 'Helios',
      address: mailer.settings.from_address,
    },
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  });
  try {
    await mailer.transport.send({ messageId, from: mailer.settings.from_address, to: [to], raw });
  } catch (error) {
    throw conflict(
      `The test email was not sent: ${error instanceof MailSendError ? error.message : String(error)}`,
    );
  }
  return { to, messageId };
}
