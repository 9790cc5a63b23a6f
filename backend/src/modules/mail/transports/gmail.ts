import { type GmailClient, GmailApiError } from '../gmail/client.ts';
import { MailSendError, type MailTransport } from './transport.ts';

/** Sends through the Gmail API as the support address (users.messages.send, raw RFC 822). */
export function gmailTransport(client: GmailClient, fromAddress: string): MailTransport {
  return {
    kind: 'gmail',
    async send(mail) {
      try {
        const sent = await client.send(fromAddress, mail.raw, mail.threadId);
        return { threadId: sent.threadId };
      } catch (error) {
        if (error instanceof GmailApiError) {
          // A 4xx answer means Gmail refused it: it did not send. Anything else (5xx, a cut
          // connection) may have sent it; the next attempt asks Gmail first.
          const refused = error.status !== undefined && error.status < 500;
          throw new MailSendError(error.message, error.permanent, !refused);
        }
        throw new MailSendError(error instanceof Error ? error.message : String(error), false, true);
      }
    },
    async wasSent(messageId) {
      const id = await client.findByMessageId(fromAddress, messageId);
      if (id === undefined) return false;
      return {};
    },
  };
}
