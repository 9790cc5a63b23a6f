// Gmail: the sender's card on opening a message, filing a ticket from it, adding it to a ticket.
import { call, callAll, unwrap } from '../api/client.ts';
import { HeliosError, inputError } from '../api/errors.ts';
import {
  addReply,
  cachedMe,
  contextRequest,
  createTicket,
  forgetContext,
  getContext,
  gmailAttachmentRequest,
  getMe,
  meRequest,
  rememberContext,
  rememberMe,
  ticketsRequest,
  type NewReply,
  type NewTicket,
} from '../api/helios.ts';
import type { Me, PeopleContext } from '../api/schemas.ts';
import { addToTicketCard } from '../cards/add-to-ticket.ts';
import { personCard } from '../cards/person.ts';
import { finishWith, pushCard, updateCard } from '../cards/responses.ts';
import { PRIORITIES, ticketFormCard, type Priority } from '../cards/ticket-form.ts';
import type { TicketLike } from '../cards/tickets.ts';
import type { AddonEvent } from '../types/events.ts';
import { hashKey } from './entry.ts';
import { formValue, formValues, param } from './event.ts';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  readMessage,
  readSender,
  ticketReference,
  type OpenMessage,
} from './message.ts';
import { isStaff, ticketCardAlongside, ticketCardFor } from './tickets.ts';
import { canStartLifecycle } from './lifecycle.ts';

const EMPTY_CONTEXT: PeopleContext = {
  person: null,
  assets: [],
  softwareLicenses: [],
  openTickets: [],
  recentTickets: [],
  ticketForThread: null,
  groups: [],
  orgUnit: null,
};

const isForbidden = (error: unknown): boolean => error instanceof HeliosError && error.kind === 'forbidden';

/** The sender's context, or an empty one when the caller may not see it (a contact's colleague). */
function visibleContext(email: string, threadId: string): { context: PeopleContext; restricted: boolean } {
  try {
    return { context: getContext(email, threadId), restricted: false };
  } catch (error) {
    if (isForbidden(error)) return { context: EMPTY_CONTEXT, restricted: true };
    throw error;
  }
}

/** /me and the sender's context together: one round trip when /me is not cached yet. */
function meAndContext(
  email: string,
  threadId: string,
): { me: Me; context: PeopleContext; restricted: boolean } {
  const known = cachedMe();
  if (known) return { me: known, ...visibleContext(email, threadId) };
  const [me, context] = callAll([meRequest(), contextRequest(email, threadId)] as const);
  const meValue = unwrap(me);
  rememberMe(meValue);
  if (!context.ok && isForbidden(context.error))
    return { me: meValue, context: EMPTY_CONTEXT, restricted: true };
  const contextValue = unwrap(context);
  rememberContext(email, threadId, contextValue);
  return { me: meValue, context: contextValue, restricted: false };
}

/** Contextual trigger: who sent this, what they have, and this thread's ticket first. */
export function gmailCard(e: AddonEvent): GasCard {
  const sender = readSender(e);
  const { me, context, restricted } = meAndContext(sender.email, sender.threadId);
  return personCard({
    email: sender.email,
    context,
    restricted,
    gmail: { messageId: sender.messageId, threadId: sender.threadId },
    canFile: me.abilities.createTickets,
    canStartLifecycle: canStartLifecycle(me),
  });
}

export function showTicketForm(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  const staff = isStaff(me);
  const { context } = visibleContext(message.senderEmail, message.threadId);
  return pushCard(
    ticketFormCard({
      gmail: { messageId: message.messageId, threadId: message.threadId, senderEmail: message.senderEmail },
      subject: message.subject,
      details: message.body || message.subject,
      staff,
      meId: me.id,
      senderName: context.person?.name ?? message.senderName,
      assets: staff ? context.assets : [],
      attachments: message.attachments.map((a) => ({ name: a.getName() ?? 'attachment', size: a.getSize() })),
      existing: context.ticketForThread,
    }),
  );
}

/** The form's common fields → a ticket body (staff-only fields only for staff). */
export function ticketFromForm(e: AddonEvent, me: Me): Omit<NewTicket, 'gmail' | 'relatedUserEmail'> {
  const subject = formValue(e, 'subject');
  const details = formValue(e, 'details');
  if (!subject) throw inputError('Enter a subject.');
  if (!details) throw inputError('Describe the problem in Details.');
  const priorityValue = formValue(e, 'priority');
  const priority: Priority = (PRIORITIES as readonly string[]).includes(priorityValue)
    ? (priorityValue as Priority)
    : 'medium';
  const category = formValue(e, 'category');
  const body: Omit<NewTicket, 'gmail' | 'relatedUserEmail'> = {
    subject: subject.slice(0, 500),
    details,
    priority,
    source: 'addon',
    ...(category ? { category: category.slice(0, 100) } : {}),
  };
  if (isStaff(me)) {
    const assignee = formValue(e, 'assignee');
    if (/^\d+$/.test(assignee)) body.assignedToUserId = Number(assignee);
    const assetIds = formValues(e, 'assetIds')
      .filter((v) => /^\d+$/.test(v))
      .map(Number);
    if (assetIds.length > 0) body.assetIds = assetIds;
  }
  return body;
}

/**
 * The message's attachments that fit (size, count), each as one idempotent upload to the ticket:
 * named by the message and the attachment's position, so a retried filing (its 201 replayed)
 * answers the attachments already there instead of attaching copies.
 */
function attachmentUploads(
  ticketId: number,
  message: OpenMessage,
): { requests: ReturnType<typeof gmailAttachmentRequest>[]; skipped: number } {
  const fitting = message.attachments
    .map((a, index) => ({ a, index }))
    .filter(({ a }) => a.getSize() <= MAX_ATTACHMENT_BYTES)
    .slice(0, MAX_ATTACHMENTS);
  return {
    requests: fitting.map(({ a, index }) =>
      gmailAttachmentRequest(ticketId, a, (a.getName() ?? 'attachment').slice(0, 200), {
        messageId: message.messageId,
        index,
      }),
    ),
    skipped: message.attachments.length - fitting.length,
  };
}

/**
 * Files the ticket in at most two round trips (Apps Script's UrlFetchApp has no per-request
 * timeout, so the number of sequential requests is what keeps a callback inside its 30 s): the
 * create, then the ticket card's requests with the attachment uploads beside them.
 */
export function fileTicket(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  const body: NewTicket = {
    ...ticketFromForm(e, me),
    gmail: {
      messageId: message.messageId,
      threadId: message.threadId,
      ...(message.rfc822MessageId ? { rfc822MessageId: message.rfc822MessageId } : {}),
    },
  };
  // Staff file for the sender; everyone else files for themselves.
  if (isStaff(me) && message.senderEmail && message.senderEmail !== me.email.toLowerCase()) {
    body.relatedUserEmail = message.senderEmail;
  }
  // The key covers the body: a retry of this same submission replays, while an edited second filing
  // of the message reaches the backend's per-message dedupe (200, the existing ticket) instead of
  // a 409 for reusing the key with another body.
  const key = `gmail-${message.messageId.slice(0, 150)}-${hashKey(JSON.stringify(body))}`;
  const { ticket, created } = createTicket(body, key);
  let toast = created ? `Filed ${ticket.displayNumber}` : `This email is already ${ticket.displayNumber}`;
  const withAttachments = created && formValues(e, 'includeAttachments').includes('yes');
  const { requests, skipped } = withAttachments
    ? attachmentUploads(ticket.id, message)
    : { requests: [], skipped: 0 };
  const { card, alongside } = ticketCardAlongside(ticket.id, requests);
  if (withAttachments) {
    const added = alongside.filter((a) => a.ok).length;
    const failed = skipped + (requests.length - added);
    toast += ` with ${added} attachment${added === 1 ? '' : 's'}`;
    if (failed > 0) toast += ` (${failed} not added: too large or failed)`;
  }
  forgetContext(message.senderEmail, message.threadId);
  return finishWith(card, toast);
}

function dedupe(tickets: TicketLike[]): TicketLike[] {
  const seen = new Set<number>();
  return tickets.filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)));
}

export function showAddToTicket(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  const searching = param(e, 'mode') === 'search';
  const query = searching ? formValue(e, 'ticketQuery') : '';
  let candidates: TicketLike[];
  if (query) {
    candidates = call(ticketsRequest({ q: query, status: 'open' }, 10)).items;
  } else {
    const { context } = visibleContext(message.senderEmail, message.threadId);
    // A ticket number the email mentions comes first (after this thread's own ticket).
    const reference = context.ticketForThread ? undefined : ticketReference(message);
    const referenced = reference
      ? call(ticketsRequest({ q: reference }, 5)).items.filter((t) => t.displayNumber === reference)
      : [];
    candidates = dedupe([
      ...(context.ticketForThread ? [context.ticketForThread] : []),
      ...referenced,
      ...context.openTickets,
    ]);
    if (candidates.length === 0 && !isStaff(me)) {
      candidates = call(ticketsRequest({ status: 'open' }, 10)).items;
    }
  }
  const card = addToTicketCard({
    gmail: { messageId: message.messageId, threadId: message.threadId, senderEmail: message.senderEmail },
    candidates: candidates.slice(0, 15),
    query,
    reply: (searching ? formValue(e, 'reply') : '') || message.body || message.subject,
    internalReplies: me.abilities.internalReplies,
  });
  return searching ? updateCard(card) : pushCard(card);
}

export function addEmailToTicket(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  const ticketId = Number(formValue(e, 'ticketId'));
  if (!Number.isInteger(ticketId) || ticketId <= 0) throw inputError('Choose a ticket.');
  const reply = formValue(e, 'reply') || message.body || message.subject;
  const internal = formValue(e, 'replyType') === 'internal';
  const gmail = {
    messageId: message.messageId,
    threadId: message.threadId,
    ...(message.rfc822MessageId ? { rfc822MessageId: message.rfc822MessageId } : {}),
  };
  // The email is its sender's message (the requester side), never a staff reply: staff record it
  // as the sender's (the backend resolves the From address); a plain user's email is their own.
  const body: NewReply = internal
    ? { reply, type: 'internal', gmail }
    : isStaff(me) && message.senderEmail
      ? { reply, type: 'public', author: 'sender', gmail: { ...gmail, from: message.senderEmail } }
      : { reply, type: 'public', gmail };
  const { created } = addReply(ticketId, body);
  forgetContext(message.senderEmail, message.threadId);
  const toast = created
    ? internal
      ? 'Email added as an internal note'
      : 'Email added to the ticket as the sender’s message'
    : 'This email was already added to that ticket';
  return finishWith(ticketCardFor(ticketId), toast);
}
