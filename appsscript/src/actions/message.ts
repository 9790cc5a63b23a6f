// The open Gmail message, read with the event's access token (gmail.addons.current.message.readonly).
import { logError } from '../log.ts';
import { HeliosError } from '../api/errors.ts';
import { cleanSubject, parseAddress, trimEmailBody } from '../text.ts';
import type { AddonEvent } from '../types/events.ts';
import { gmailOf } from './event.ts';

export interface OpenMessage {
  messageId: string;
  threadId: string;
  rfc822MessageId: string | undefined;
  subject: string;
  body: string;
  senderEmail: string;
  senderName: string | null;
  /** The Cc addresses but the sender's, lower-cased (the form offers them as watchers). */
  cc: string[];
  /** When it was sent (ISO), for the quote of a reported email. */
  date: string | null;
  attachments: GasGmailAttachment[];
}

/** Attachments larger than this are listed but never uploaded (keeps a callback inside 30 s). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

function open(e: AddonEvent): { message: GasGmailMessage; messageId: string; threadId: string } {
  const { messageId, threadId, accessToken } = gmailOf(e);
  let message: GasGmailMessage | null = null;
  try {
    if (accessToken) GmailApp.setCurrentMessageAccessToken(accessToken);
    message = GmailApp.getMessageById(messageId);
  } catch (error) {
    logError('reading the Gmail message failed', error);
  }
  if (!message)
    throw new HeliosError(
      'gmail',
      'Gmail did not let the add-on read this message. Reopen it and try again.',
    );
  return { message, messageId, threadId };
}

/** The sender and what the contextual card looks for a ticket number in (subject and body). */
export function readSender(e: AddonEvent): {
  email: string;
  name: string | null;
  messageId: string;
  threadId: string;
  subject: string;
  body: string;
} {
  const { message, messageId, threadId } = open(e);
  return {
    ...parseAddress(message.getFrom()),
    messageId,
    threadId,
    subject: message.getSubject() ?? '',
    body: message.getPlainBody() ?? '',
  };
}

/** Every address of a To/Cc header ("A <a@x>, b@y"), lower-cased. */
export function addressList(header: string): string[] {
  return header
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((part) => parseAddress(part).email)
    .filter((email) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email));
}

export function readMessage(e: AddonEvent): OpenMessage {
  const { message, messageId, threadId } = open(e);
  const { email, name } = parseAddress(message.getFrom());
  let rfc822: string | undefined;
  let attachments: GasGmailAttachment[] = [];
  let cc: string[] = [];
  let date: string | null = null;
  try {
    cc = addressList(message.getCc() ?? '');
    date = message.getDate().toISOString();
  } catch (error) {
    logError('reading Cc/date failed', error);
  }
  try {
    rfc822 = message.getHeader('Message-ID').trim() || undefined;
  } catch {
    rfc822 = undefined;
  }
  try {
    attachments = message.getAttachments({ includeInlineImages: false });
  } catch (error) {
    logError('listing attachments failed', error);
  }
  return {
    messageId,
    threadId,
    rfc822MessageId: rfc822?.slice(0, 998),
    subject: cleanSubject(message.getSubject() ?? ''),
    body: trimEmailBody(message.getPlainBody() ?? ''),
    senderEmail: email,
    senderName: name,
    cc: cc.filter((address) => address !== email),
    date,
    attachments,
  };
}

/** The organization's ticket prefix as its tickets show it ("TKT" of "TKT-42"), else the default. */
export function ticketPrefix(displayNumbers: readonly string[]): string {
  for (const n of displayNumbers) {
    const prefix = /^([A-Za-z][A-Za-z0-9]{0,9})-\d+$/.exec(n)?.[1];
    if (prefix) return prefix;
  }
  return 'TKT';
}

/**
 * The first ticket number (`TKT-42`) the subject or body mentions, if any: a reply to Helios mail
 * or a colleague quoting a ticket belongs on that ticket, not on a new one. Only numbers with the
 * organization's prefix count ("ISO-9001" is not a ticket).
 */
export function ticketReference(
  message: Pick<OpenMessage, 'subject' | 'body'>,
  prefix = 'TKT',
): string | undefined {
  const escaped = prefix.replace(/[^A-Za-z0-9]/g, '');
  const found = new RegExp(`\\b(${escaped}-\\d{1,9})\\b`, 'i').exec(`${message.subject}\n${message.body}`);
  return found?.[1]?.toUpperCase();
}
