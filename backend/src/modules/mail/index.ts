// The mail module's public entry: what the composition roots, tests and benches may use.
export { pollMailbox, PROCESSED_LABEL, type IngestDeps } from './commands/ingest.ts';
export { sendPendingMail, MAX_ATTEMPTS } from './commands/send.ts';
export { createGmailClient, type GmailClient } from './gmail/client.ts';
export type { MailDeps } from './mailer.ts';
export { MAIL_POLL_QUEUE, MAIL_SEND_QUEUE } from './jobs/mail.ts';
export type { MailTransport } from './transports/transport.ts';
