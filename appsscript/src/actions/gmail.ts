// Gmail: the sender's card on opening a message (IT staff) or "Report this email to IT" (everyone
// else), filing a ticket from it, adding it to a ticket, recording an unknown sender as a contact.
import { call, callAll, unwrap, type ApiRequest, type Settled } from '../api/client.ts';
import { HeliosError, inputError } from '../api/errors.ts';
import {
  addReply,
  cachedContext,
  cachedFormOptions,
  cachedMe,
  contextRequest,
  createContactRequest,
  createTicket,
  forgetContext,
  formOptionsRequest,
  getContext,
  gmailAttachmentRequest,
  getMe,
  meRequest,
  rememberContext,
  rememberFormOptions,
  rememberMe,
  ticketsRequest,
  type NewReply,
  type NewTicket,
} from '../api/helios.ts';
import type { Me, PeopleContext, TicketFormOptions } from '../api/schemas.ts';
import { addToTicketCard } from '../cards/add-to-ticket.ts';
import { personCard } from '../cards/person.ts';
import { reportCard } from '../cards/report.ts';
import { finishWith, pushCard, updateCard } from '../cards/responses.ts';
import { PRIORITIES, type Priority } from '../cards/pickers.ts';
import { OTHER_CATEGORY, ticketFormCard } from '../cards/ticket-form.ts';
import type { TicketLike } from '../cards/tickets.ts';
import { when } from '../cards/ui.ts';
import type { AddonEvent } from '../types/events.ts';
import { hashKey } from './entry.ts';
import { formValue, formValues, param } from './event.ts';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  readMessage,
  readSender,
  ticketPrefix,
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
  counts: { openTickets: 0, devices: 0, licenses: 0 },
  vendor: null,
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
  // A plain user's card is not about the sender: whatever the sender's context said is unused.
  if (!isStaff(meValue)) return { me: meValue, context: EMPTY_CONTEXT, restricted: true };
  if (!context.ok && isForbidden(context.error))
    return { me: meValue, context: EMPTY_CONTEXT, restricted: true };
  const contextValue = unwrap(context);
  rememberContext(email, threadId, contextValue);
  return { me: meValue, context: contextValue, restricted: false };
}

/** Every ticket number the context shows: they tell the organization's ticket prefix. */
const numbersOf = (context: PeopleContext): string[] => [
  ...(context.ticketForThread ? [context.ticketForThread.displayNumber] : []),
  ...context.openTickets.map((t) => t.displayNumber),
  ...context.recentTickets.map((t) => t.displayNumber),
];

/**
 * A plain user's card in Gmail: "Report this email to IT" and their own open tickets (and the
 * thread's ticket, if they may see it) — not a card about a colleague they may not see.
 */
function reportCardFor(me: Me, sender: ReturnType<typeof readSender>): GasCard {
  const mine = getContext(me.email, sender.threadId);
  return reportCard({
    gmail: { messageId: sender.messageId, threadId: sender.threadId, senderEmail: sender.email },
    context: mine,
    canFile: me.abilities.createTickets,
  });
}

/** Contextual trigger: who sent this, what they have, and this thread's ticket first. */
export function gmailCard(e: AddonEvent): GasCard {
  const sender = readSender(e);
  const known = cachedMe();
  if (known && !isStaff(known)) return reportCardFor(known, sender);
  const { me, context, restricted } = meAndContext(sender.email, sender.threadId);
  // Only on a first open (no /me cached yet) does a plain user cost a second round trip.
  if (!isStaff(me)) return reportCardFor(me, sender);
  const mentioned = context.ticketForThread
    ? undefined
    : ticketReference(sender, ticketPrefix(numbersOf(context)));
  return personCard({
    email: sender.email,
    context,
    restricted,
    gmail: { messageId: sender.messageId, threadId: sender.threadId },
    senderName: sender.name,
    ...(mentioned ? { mentioned } : {}),
    canFile: me.abilities.createTickets,
    canStartLifecycle: canStartLifecycle(me),
    canCreateContact: !restricted && context.person === null,
  });
}

/** The staff form's options: cached for minutes, else fetched beside `alongside` (one round trip). */
export function withFormOptions<T>(
  me: Me,
  alongside: readonly ApiRequest<T>[],
): { options: TicketFormOptions | null; rest: Settled<T>[] } {
  const cached = isStaff(me) ? cachedFormOptions() : undefined;
  if (!isStaff(me) || cached) {
    return { options: cached ?? null, rest: alongside.length > 0 ? [...callAll(alongside)] : [] };
  }
  const [options, ...rest] = callAll([formOptionsRequest(), ...alongside] as const);
  const settled = options as Settled<TicketFormOptions>;
  if (settled.ok) rememberFormOptions(settled.value);
  // Without options the form falls back to free text: filing never depends on them.
  return { options: settled.ok ? settled.value : null, rest: rest as Settled<T>[] };
}

/** A fetched context (remembered), an empty one when the caller may not see it; else its error. */
function contextFrom(
  email: string,
  threadId: string,
  settled: Settled<PeopleContext> | undefined,
): PeopleContext {
  if (!settled) return EMPTY_CONTEXT;
  if (!settled.ok && isForbidden(settled.error)) return EMPTY_CONTEXT;
  const context = unwrap(settled);
  rememberContext(email, threadId, context);
  return context;
}

/** The quote of an email a user reports: who sent it when, and its text. */
function quoted(message: OpenMessage): string {
  const header = [
    `From: ${message.senderName ? `${message.senderName} <${message.senderEmail}>` : message.senderEmail}`,
    message.date ? `Date: ${when(message.date)}` : null,
    `Subject: ${message.subject}`,
    message.attachments.length > 0
      ? `Attachments: ${message.attachments.map((a) => a.getName() ?? 'attachment').join(', ')}`
      : null,
  ].filter(Boolean);
  const body = (message.body || '(no text)')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `\n\n---- Reported email ----\n${header.join('\n')}\n\n${body}`;
}

export const showTicketForm = (e: AddonEvent): GasActionResponse => pushCard(ticketFormFor(e));

/**
 * The form for the open email. `typed`: the form came back after a refusal, so what was typed
 * (subject, details) is kept rather than prefilled again from the email.
 */
function ticketFormFor(e: AddonEvent, typed = false): GasCard {
  const message = readMessage(e);
  const me = getMe();
  const staff = isStaff(me);
  const report = !staff;
  // A plain user reports the email for themselves: their own context (the thread's ticket).
  const whose = staff ? message.senderEmail : me.email;
  let context: PeopleContext;
  let options: TicketFormOptions | null = null;
  if (staff) {
    // The sender card just cached the context: then only the options may need asking (cached too).
    const known = cachedContext(whose, message.threadId);
    const loaded = withFormOptions(me, known ? [] : [contextRequest(whose, message.threadId)]);
    options = loaded.options;
    context = known ?? contextFrom(whose, message.threadId, loaded.rest[0]);
  } else {
    context = visibleContext(whose, message.threadId).context;
  }
  const prefilled = report ? quoted(message).trimStart() : message.body || message.subject;
  return ticketFormCard({
    gmail: { messageId: message.messageId, threadId: message.threadId, senderEmail: message.senderEmail },
    subject: (typed && formValue(e, 'subject')) || message.subject,
    details: (typed && formValue(e, 'details')) || prefilled,
    staff,
    meId: me.id,
    senderName: context.person?.name ?? message.senderName,
    assets: staff ? context.assets : [],
    attachments: message.attachments.map((a) => ({ name: a.getName() ?? 'attachment', size: a.getSize() })),
    existing: context.ticketForThread,
    options,
    cc: message.cc.filter((address) => address !== me.email.toLowerCase()),
    report,
  });
}

const ids = (values: string[]): number[] => values.filter((v) => /^\d{1,10}$/.test(v)).map(Number);

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
  // A category from the list, or the one typed ("Other", or the free-text field without a list).
  const picked = formValue(e, 'categoryChoice');
  const category = picked && picked !== OTHER_CATEGORY ? picked : formValue(e, 'category');
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
    const assetIds = ids(formValues(e, 'assetIds'));
    if (assetIds.length > 0) body.assetIds = assetIds;
    const tagIds = ids(formValues(e, 'tagIds'));
    if (tagIds.length > 0) body.tagIds = tagIds;
    const watchers = formValues(e, 'watcherEmails').filter((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v));
    if (watchers.length > 0) body.watcherEmails = watchers.slice(0, 50);
  }
  return body;
}

/**
 * The attachments ticked on the form that fit (size, count), each as one idempotent upload to the
 * ticket: named by the message and the attachment's position, so a retried filing (its 201
 * replayed) answers the attachments already there instead of attaching copies.
 */
function attachmentUploads(
  ticketId: number,
  message: OpenMessage,
  chosen: ReadonlySet<number>,
): { requests: ReturnType<typeof gmailAttachmentRequest>[]; skipped: number } {
  const wanted = message.attachments
    .map((a, index) => ({ a, index }))
    .filter(({ index }) => chosen.has(index));
  const fitting = wanted.filter(({ a }) => a.getSize() <= MAX_ATTACHMENT_BYTES).slice(0, MAX_ATTACHMENTS);
  return {
    requests: fitting.map(({ a, index }) =>
      gmailAttachmentRequest(ticketId, a, (a.getName() ?? 'attachment').slice(0, 200), {
        messageId: message.messageId,
        index,
      }),
    ),
    skipped: wanted.length - fitting.length,
  };
}

const isThreadHasTicket = (error: unknown): boolean =>
  error instanceof HeliosError && error.code === 'thread_has_ticket';

/**
 * Files the ticket in at most two round trips (Apps Script's UrlFetchApp has no per-request
 * timeout, so the number of sequential requests is what keeps a callback inside its 30 s): the
 * create, then the ticket card's requests with the attachment uploads beside them. A later message
 * of a ticketed thread is refused by the backend unless "File a separate ticket" is ticked: then
 * the form comes back saying so (its second round trip reads the thread's ticket).
 */
export function fileTicket(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  const staff = isStaff(me);
  const body: NewTicket = {
    ...ticketFromForm(e, me),
    gmail: {
      messageId: message.messageId,
      threadId: message.threadId,
      ...(message.rfc822MessageId ? { rfc822MessageId: message.rfc822MessageId } : {}),
    },
    ...(formValues(e, 'separate').includes('yes') ? { separate: true } : {}),
  };
  // Staff file for the sender; everyone else files for themselves.
  if (staff && message.senderEmail && message.senderEmail !== me.email.toLowerCase()) {
    body.relatedUserEmail = message.senderEmail;
  }
  // The key covers the body: a retry of this same submission replays, while an edited second filing
  // of the message reaches the backend's per-message dedupe (200, the existing ticket) instead of
  // a 409 for reusing the key with another body.
  const key = `gmail-${message.messageId.slice(0, 150)}-${hashKey(JSON.stringify(body))}`;
  let filed: ReturnType<typeof createTicket>;
  try {
    filed = createTicket(body, key);
  } catch (error) {
    if (!isThreadHasTicket(error)) throw error;
    // The form again in place of the one sent, now naming the thread's ticket.
    forgetContext(staff ? message.senderEmail : me.email, message.threadId);
    const reason = error instanceof HeliosError ? error.serverMessage?.split(':')[0] : undefined;
    return updateCard(
      ticketFormFor(e, true),
      `${reason ?? 'This thread is already a ticket'}: add the email to it, or tick “File a separate ticket”.`,
    );
  }
  const { ticket, created } = filed;
  let toast = created ? `Filed ${ticket.displayNumber}` : `This email is already ${ticket.displayNumber}`;
  const chosen = new Set(ids(formValues(e, 'attachmentIndexes')));
  const withAttachments = created && staff && chosen.size > 0;
  const { requests, skipped } = withAttachments
    ? attachmentUploads(ticket.id, message, chosen)
    : { requests: [], skipped: 0 };
  const { card, alongside } = ticketCardAlongside(ticket.id, requests);
  if (withAttachments) {
    const added = alongside.filter((a) => a.ok).length;
    const failed = skipped + (requests.length - added);
    toast += ` with ${added} attachment${added === 1 ? '' : 's'}`;
    if (failed > 0) toast += ` (${failed} not added: too large or failed)`;
  }
  forgetContext(message.senderEmail, message.threadId);
  if (!staff) forgetContext(me.email, message.threadId);
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
    const { context } = visibleContext(isStaff(me) ? message.senderEmail : me.email, message.threadId);
    // A ticket number the email mentions comes first (after this thread's own ticket).
    const reference = context.ticketForThread
      ? undefined
      : (param(e, 'reference') ?? ticketReference(message, ticketPrefix(numbersOf(context))));
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

/** "Create contact": an unknown sender becomes an outside contact (`POST /users`, role contact). */
export function createContact(e: AddonEvent): GasActionResponse {
  const email = (param(e, 'email') ?? '').toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw inputError('Missing the sender; reopen the email.');
  const [first, ...rest] = (param(e, 'name') ?? '').trim().split(/\s+/).filter(Boolean);
  call(
    createContactRequest({
      email,
      ...(first ? { firstName: first.slice(0, 200) } : {}),
      ...(rest.length > 0 ? { lastName: rest.join(' ').slice(0, 200) } : {}),
    }),
  );
  const threadId = param(e, 'threadId');
  forgetContext(email, threadId);
  // The card again, now about a person Helios knows.
  return updateCard(gmailCard(e), `${email} is now a contact in Helios`, true);
}
