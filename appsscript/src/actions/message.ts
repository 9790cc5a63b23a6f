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

/** Just the sender (the contextual card needs nothing else). */
export function readSender(e: AddonEvent): {
  email: string;
  name: string | null;
  messageId: string;
  threadId: string;
} {
  const { message, messageId, threadId } = open(e);
  return { ...parseAddress(message.getFrom()), messageId, threadId };
}

export function readMessage(e: AddonEvent): OpenMessage {
  const { message, messageId, threadId } = open(e);
  const { email, name } = parseAddress(message.getFrom());
  let rfc822: string | undefined;
  let attachments: GasGmailAttachment[] = [];
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
    attachments,
  };
}

/**
 * The first ticket number (`TKT-42`) the subject or body mentions, if any: a reply to Helios mail
 * or a colleague quoting a ticket belongs on that ticket, not on a new one.
 */
export function ticketReference(message: Pick<OpenMessage, 'subject' | 'body'>): string | undefined {
  const found = /\b([A-Z][A-Z0-9]{1,9}-\d{1,9})\b/.exec(`${message.subject}\n${message.body}`);
  return found?.[1];
}
