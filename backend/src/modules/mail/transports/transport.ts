import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/** One email ready to go: its RFC 822 bytes and who it is for. */
export interface OutgoingMail {
  /** Our Message-ID (with angle brackets), chosen before the first attempt. */
  messageId: string;
  from: string;
  to: string[];
  raw: Buffer;
  /** Gmail only: the sender's thread to file it in. */
  threadId?: string | undefined;
}

export interface SentMail {
  /** Gmail only: the thread it went into, for the next message of the same conversation. */
  threadId?: string | undefined;
}

/** Why a send failed, as far as the transport can tell. */
export class MailSendError extends Error {
  override name = 'MailSendError';
  /** true: the server refused it for good (retrying cannot help). */
  readonly permanent: boolean;
  /** false: the server certainly did not take it (safe to retry without checking). */
  readonly maybeSent: boolean;
  constructor(message: string, permanent: boolean, maybeSent: boolean) {
    super(message);
    this.permanent = permanent;
    this.maybeSent = maybeSent;
  }
}

/**
 * How mail leaves Helios. Two implementations: the Gmail API as the support address (transports/
 * gmail.ts) and SMTP (transports/smtp.ts). Both take the same composed bytes.
 */
export interface MailTransport {
  readonly kind: 'gmail' | 'smtp';
  send(mail: OutgoingMail): Promise<SentMail>;
  /**
   * Whether a message with this Message-ID already went out — asked before retrying an attempt
   * that may have reached the server. undefined: the transport cannot tell (SMTP), so the caller
   * must not send again.
   */
  wasSent(messageId: string): Promise<SentMail | false | undefined>;
}

export interface ComposeInput {
  messageId: string;
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  /** Extra headers (Auto-Submitted, X-Helios-Ticket …). */
  headers?: Record<string, string> | undefined;
}

/** The RFC 822 bytes of a text + HTML message, composed by nodemailer's MailComposer. */
export async function compose(input: ComposeInput): Promise<Buffer> {
  const composer = new MailComposer({
    messageId: input.messageId,
    from: input.from,
    to: input.to,
    subject: input.subject,
    text: input.text,
    html: input.html,
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references && input.references.length > 0 ? { references: input.references } : {}),
    headers: input.headers ?? {},
  });
  return composer.compile().build();
}
