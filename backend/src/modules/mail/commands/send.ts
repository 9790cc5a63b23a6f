import { randomUUID } from 'node:crypto';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { displayName } from '../../../core/queries/users.ts';
import { displayNumber, findTicket } from '../../tickets/index.ts';
import { type Mailer, type MailDeps, mailerOf } from '../mailer.ts';
import { replyWithAuthor } from '../queries/content.ts';
import {
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  type OutboxRow,
  releaseEmail,
  setEmailMessageId,
  ticketThread,
} from '../queries/outbox.ts';
import { render, type TemplateInput, type TicketFacts } from '../templates.ts';
import { compose, MailSendError, type MailTransport } from '../transports/transport.ts';

/** Attempts per email before it is marked failed. */
export const MAX_ATTEMPTS = 5;
/** An attempt older than this whose worker never finished is taken up again. */
export const STALE_ATTEMPT_MS = 10 * 60_000;

export interface SendOutcome {
  sent: number;
  failed: number;
  retrying: number;
}

/** A fresh Message-ID on the support address's domain (random: ids are never reused). */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'helios.invalid';
  return `<helios.${randomUUID()}@${domain}>`;
}

type EmailData = Record<string, unknown>;
const dataOf = (row: OutboxRow): EmailData =>
  row.email_data !== null && typeof row.email_data === 'object' && !Array.isArray(row.email_data)
    ? (row.email_data as EmailData)
    : {};

/** What the template of one notification needs, read now (at send time) from the database. */
async function templateInput(
  deps: MailDeps,
  mailer: Mailer,
  row: OutboxRow,
): Promise<{
  input: TemplateInput;
  ticket?: TicketFacts & { gmailMailbox: string | null; gmailThreadId: string | null };
}> {
  const base = mailer.settings.console_url?.replace(/\/+$/, '') ?? null;
  if (row.entity_type === 'ticket' && row.entity_id !== null) {
    const ticket = await findTicket(deps.db, deps.organizationId, row.entity_id);
    if (ticket) {
      const facts = {
        id: ticket.id,
        displayNumber: displayNumber(ticket),
        subject: ticket.subject,
        details: ticket.details,
        url: base ? `${base}/tickets/${ticket.id}` : null,
        gmailMailbox: ticket.gmail_mailbox,
        gmailThreadId: ticket.gmail_thread_id,
      };
      const data = dataOf(row);
      switch (row.type) {
        case 'ticket_received':
          return { input: { type: 'ticket_received', ticket: facts }, ticket: facts };
        case 'ticket_assigned':
          return { input: { type: 'ticket_assigned', ticket: facts }, ticket: facts };
        case 'ticket_status_changed':
          return {
            input: {
              type: 'ticket_status_changed',
              ticket: facts,
              status: typeof data.status === 'string' ? data.status : 'updated',
              finished: data.finished === true,
              feedbackUrl: facts.url ? `${facts.url}?feedback=1` : null,
            },
            ticket: facts,
          };
        case 'ticket_reply': {
          const reply =
            typeof data.replyId === 'number'
              ? await replyWithAuthor(deps.db, ticket.id, data.replyId)
              : undefined;
          // Only a public reply is ever mailed (internal notes carry no email data at all).
          if (reply && reply.type === 'public') {
            return {
              input: { type: 'ticket_reply', ticket: facts, author: displayName(reply), reply: reply.reply },
              ticket: facts,
            };
          }
          break;
        }
      }
    }
  }
  return { input: { type: 'generic', message: row.message, url: row.action_url ?? base } };
}

/** Composes one notification's email with its threading headers. */
async function composeFor(
  deps: MailDeps,
  mailer: Mailer,
  row: OutboxRow,
  messageId: string,
  organizationName: string,
) {
  const { input, ticket } = await templateInput(deps, mailer, row);
  const rendered = render(input);
  const to = row.email_to ?? '';
  const thread = ticket
    ? await ticketThread(deps.db, ticket.id, to)
    : { references: [], threadId: undefined };
  const from = mailer.settings.from_address;
  // The Gmail thread: ours with this recipient, or the support mailbox's thread the ticket came from.
  const threadId =
    mailer.transport.kind === 'gmail'
      ? (thread.threadId ??
        (ticket && ticket.gmailMailbox === from.toLowerCase() ? ticket.gmailThreadId : null) ??
        undefined)
      : undefined;
  const raw = await compose({
    messageId,
    from: { name: mailer.settings.from_name ?? organizationName, address: from },
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    inReplyTo: thread.references.at(-1),
    // A long conversation keeps the first and the latest ids (RFC 5322 allows trimming the middle).
    references:
      thread.references.length > 20
        ? [thread.references[0] ?? '', ...thread.references.slice(-19)]
        : thread.references,
    headers: {
      'X-Auto-Response-Suppress': 'All',
      ...(rendered.automatic
        ? { 'Auto-Submitted': input.type === 'ticket_received' ? 'auto-replied' : 'auto-generated' }
        : {}),
      ...(ticket ? { 'X-Helios-Ticket': ticket.displayNumber } : {}),
    },
  });
  return { raw, threadId, to };
}

/**
 * Drains the outbox: claims due emails, and sends each at most once. The Message-ID is stored
 * before the first attempt; an attempt that may have reached the server (a crash, a timeout, a
 * 5xx) is never simply repeated — the next attempt first asks the transport whether that
 * Message-ID went out (Gmail: a search of the sender's mail), and SMTP, which cannot be asked,
 * is not retried after such an attempt. Refusals are recorded on the notification.
 */
export async function sendPendingMail(
  deps: MailDeps,
  options: { limit?: number; transport?: MailTransport } = {},
): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, failed: 0, retrying: 0 };
  const found = await mailerOf(deps);
  // Not configured: the emails wait (pending) until it is.
  if (typeof found === 'string') return outcome;
  const mailer: Mailer = options.transport ? { ...found, transport: options.transport } : found;
  const organization = await findOrganization(deps.db);
  const now = deps.now?.() ?? new Date();
  const rows = await claimDueEmails(
    deps.db,
    options.limit ?? 100,
    new Date(now.getTime() - STALE_ATTEMPT_MS),
  );
  for (const row of rows) {
    const result = await sendOne(deps, mailer, row, organization?.name ?? 'Helios');
    outcome[result]++;
  }
  return outcome;
}

async function sendOne(
  deps: MailDeps,
  mailer: Mailer,
  row: OutboxRow,
  organizationName: string,
): Promise<keyof SendOutcome> {
  const { transport } = mailer;
  if (!row.email_to) {
    await markEmailFailed(deps.db, row.id, 'no recipient address');
    return 'failed';
  }
  let messageId = row.email_message_id;
  if (messageId !== null) {
    // An earlier attempt got as far as the server: find out before sending again.
    let earlier: Awaited<ReturnType<MailTransport['wasSent']>>;
    try {
      earlier = await transport.wasSent(messageId);
    } catch (error) {
      return retryOrFail(deps, row, `could not check an earlier attempt: ${message(error)}`, false);
    }
    if (earlier === undefined) {
      await markEmailFailed(deps.db, row.id, 'an earlier attempt may have been delivered; not sent again');
      return 'failed';
    }
    if (earlier !== false) {
      await markEmailSent(deps.db, row.id, earlier.threadId);
      return 'sent';
    }
  } else {
    messageId = newMessageId(mailer.settings.from_address);
    await setEmailMessageId(deps.db, row.id, messageId);
  }
  let composed: Awaited<ReturnType<typeof composeFor>>;
  try {
    composed = await composeFor(deps, mailer, row, messageId, organizationName);
  } catch (error) {
    return retryOrFail(deps, row, `could not compose: ${message(error)}`, true);
  }
  try {
    const sent = await transport.send({
      messageId,
      from: mailer.settings.from_address,
      to: [composed.to],
      raw: composed.raw,
      threadId: composed.threadId,
    });
    await markEmailSent(deps.db, row.id, sent.threadId);
    return 'sent';
  } catch (error) {
    if (error instanceof MailSendError && error.permanent) {
      await markEmailFailed(deps.db, row.id, error.message);
      return 'failed';
    }
    const certainlyNotSent = error instanceof MailSendError && !error.maybeSent;
    return retryOrFail(deps, row, message(error), certainlyNotSent);
  }
}

/**
 * Another attempt later, unless the attempts ran out. `fresh`: nothing reached the server, so the
 * next attempt may take a new Message-ID without asking.
 */
async function retryOrFail(
  deps: MailDeps,
  row: OutboxRow,
  error: string,
  fresh: boolean,
): Promise<keyof SendOutcome> {
  if (row.email_attempts >= MAX_ATTEMPTS) {
    await markEmailFailed(deps.db, row.id, error);
    return 'failed';
  }
  await releaseEmail(deps.db, row.id, error, fresh);
  return 'retrying';
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
