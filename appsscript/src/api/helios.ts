// The endpoints the add-on calls, as typed request builders and calls (api.md, /api/v1).
import { z } from 'zod';
import { cacheGet, cachePut, cacheRemove } from './cache.ts';
import { backendUrl, call, callWithStatus, get, path, send, type ApiRequest } from './client.ts';
import {
  dataOf,
  expiringSchema,
  fileSchema,
  lifecycleRequestSchema,
  lifecycleTemplateSchema,
  listOf,
  meSchema,
  peopleContextSchema,
  replySchema,
  searchResultSchema,
  syncRunSchema,
  syncStartSchema,
  ticketAttachmentSchema,
  ticketFormOptionsSchema,
  ticketSchema,
  ticketStatusSchema,
  ticketWithRepliesSchema,
  type LifecycleRequest,
  type LifecycleRequestInput,
  userSchema,
  type Me,
  type PeopleContext,
  type Ticket,
  type TicketFormOptions,
} from './schemas.ts';

const ME_SECONDS = 300;
const CONTEXT_SECONDS = 120;
/** Staff, categories and tags change rarely: the form and the ticket card reuse them for minutes. */
const OPTIONS_SECONDS = 300;

const unwrapData = <T>(schema: z.ZodType<T>) => dataOf(schema).transform((envelope) => envelope.data as T);
const unwrapList = <T>(schema: z.ZodType<T>) =>
  listOf(schema).transform((l) => ({
    items: l.data as T[],
    nextCursor: l.nextCursor,
  }));

export const meRequest = (): ApiRequest<Me> => get('me', unwrapData(meSchema));

const meKey = () => `me|${backendUrl() ?? ''}`;

/** /me from the cache, if there. */
export const cachedMe = (): Me | undefined => cacheGet(meKey(), meSchema);

export const rememberMe = (me: Me): void => cachePut(meKey(), me, ME_SECONDS);

/** `GET /me`, cached a few minutes per user and server. `base` = test another server, uncached. */
export function getMe(base?: string): Me {
  if (base) return call(meRequest(), base);
  const cached = cachedMe();
  if (cached) return cached;
  const me = call(meRequest());
  rememberMe(me);
  return me;
}

const contextKey = (email: string, threadId?: string) =>
  `ctx|${backendUrl() ?? ''}|${email.toLowerCase()}|${threadId ?? ''}`;

export const contextRequest = (email: string, threadId?: string): ApiRequest<PeopleContext> =>
  get(path('people', email.toLowerCase(), 'context'), unwrapData(peopleContextSchema), { threadId });

/** A person's context from the cache, if there. */
export const cachedContext = (email: string, threadId?: string): PeopleContext | undefined =>
  cacheGet(contextKey(email, threadId), peopleContextSchema);

/** The sender's card in one round trip, cached briefly. */
export function getContext(email: string, threadId?: string): PeopleContext {
  const key = contextKey(email, threadId);
  const cached = cacheGet(key, peopleContextSchema);
  if (cached) return cached;
  const context = call(contextRequest(email, threadId));
  cachePut(key, context, CONTEXT_SECONDS);
  return context;
}

export function rememberContext(email: string, threadId: string | undefined, context: PeopleContext): void {
  cachePut(contextKey(email, threadId), context, CONTEXT_SECONDS);
}

/** After a write the cached cards are stale. */
export function forgetContext(email: string | undefined, threadId?: string): void {
  if (!email) return;
  cacheRemove(contextKey(email, threadId));
  cacheRemove(contextKey(email));
}

export const formOptionsRequest = (): ApiRequest<TicketFormOptions> =>
  get('ticket-form-options', unwrapData(ticketFormOptionsSchema));

const optionsKey = () => `opts|${backendUrl() ?? ''}`;

/** The form options from the cache, if there (staff only ask for them). */
export const cachedFormOptions = (): TicketFormOptions | undefined =>
  cacheGet(optionsKey(), ticketFormOptionsSchema);

export const rememberFormOptions = (options: TicketFormOptions): void =>
  cachePut(optionsKey(), options, OPTIONS_SECONDS);

export interface TicketFilter {
  assignedTo?: 'me' | 'none';
  status?: 'open' | 'closed';
  relatedUser?: string;
  q?: string;
}

export const ticketPageSchema = unwrapList(ticketSchema);
export type TicketPage = z.infer<typeof ticketPageSchema>;

export const ticketsRequest = (
  filter: TicketFilter,
  limit: number,
  cursor?: string,
): ApiRequest<TicketPage> => get('tickets', ticketPageSchema, { ...filter, limit, cursor });

export const ticketRequest = (id: number) => get(path('tickets', id), unwrapData(ticketWithRepliesSchema));

export const statusesRequest = () => get('ticket-statuses', unwrapList(ticketStatusSchema), { limit: 100 });

export const threadTicketRequest = (threadId: string) =>
  get(path('tickets', 'by-gmail-thread', threadId), unwrapData(ticketSchema));

export interface NewTicket {
  subject: string;
  details: string;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  category?: string;
  source: 'addon';
  relatedUserEmail?: string;
  assignedToUserId?: number;
  assetIds?: number[];
  tagIds?: number[];
  watcherEmails?: string[];
  gmail?: { messageId: string; threadId: string; rfc822MessageId?: string };
  /** File a ticket from a thread that already has one, on purpose (else 409 thread_has_ticket). */
  separate?: boolean;
}

/** `POST /tickets`; `created: false` when the Gmail message already made a ticket. */
export function createTicket(input: NewTicket, idempotencyKey: string): { ticket: Ticket; created: boolean } {
  const { value, status } = callWithStatus(
    send('post', 'tickets', input, unwrapData(ticketSchema), idempotencyKey),
  );
  return { ticket: value, created: status === 201 };
}

export interface TicketPatch {
  statusId?: number;
  category?: string | null;
  assignedToUserId?: number | null;
  priority?: 'low' | 'medium' | 'high' | 'urgent';
}

export const updateTicket = (id: number, patch: TicketPatch): Ticket =>
  call(send('patch', path('tickets', id), patch, unwrapData(ticketSchema)));

export interface NewReply {
  reply: string;
  type: 'public' | 'internal';
  /** Staff: the minutes this work took (added to the ticket's time spent). */
  timeSpentMinutes?: number;
  /** `sender`: the email is its sender's message (staff; needs `gmail.from`). */
  author?: 'me' | 'sender';
  gmail?: { messageId: string; threadId?: string; rfc822MessageId?: string; from?: string };
}

/** `POST /tickets/:id/replies`; `created: false` when this Gmail message was already added. */
export function addReply(ticketId: number, reply: NewReply): { created: boolean } {
  const { status } = callWithStatus(
    send('post', path('tickets', ticketId, 'replies'), reply, unwrapData(replySchema)),
  );
  return { created: status === 201 };
}

export interface DriveFileRef {
  driveFileId: string;
  name: string;
  mimeType?: string;
}

export const attachDriveRequest = (ticketId: number, file: DriveFileRef) =>
  send('post', path('tickets', ticketId, 'attachments'), file, unwrapData(ticketAttachmentSchema));

/**
 * `POST /tickets/:id/attachments` multipart: a Gmail attachment's bytes, named by its message and
 * position so that sending it again (a retried filing) answers the attachment already there.
 */
export const gmailAttachmentRequest = (
  ticketId: number,
  blob: GasBlob,
  name: string,
  gmail: { messageId: string; index: number },
): ApiRequest<z.infer<typeof ticketAttachmentSchema>> => ({
  method: 'post',
  path: path('tickets', ticketId, 'attachments'),
  form: { file: blob, name, gmailMessageId: gmail.messageId, gmailAttachmentIndex: String(gmail.index) },
  schema: unwrapData(ticketAttachmentSchema),
});

/** `POST /files` JSON: a Drive link (no bytes copied). */
export const driveLinkRequest = (file: DriveFileRef) => send('post', 'files', file, unwrapData(fileSchema));

export const linkFileRequest = (resource: string, id: number, fileId: number) =>
  send('put', path(resource, id, 'links', 'files', fileId), undefined, z.unknown());

export const searchRequest = (q: string, limit: number, types?: string) =>
  get('search', unwrapData(z.array(searchResultSchema)), { q, limit, types });

export const expiringRequest = (days: number) => get('expiring', unwrapData(expiringSchema), { days });

export const lastSyncRequest = () => get(path('sync', 'runs'), unwrapList(syncRunSchema), { limit: 1 });

export const startSync = () => call(send('post', path('sync', 'google'), {}, unwrapData(syncStartSchema)));

/** Active joiner and leaver templates, both kinds (a handful per organization: one page). */
export const lifecycleTemplatesRequest = () =>
  get(path('lifecycle', 'templates'), unwrapList(lifecycleTemplateSchema), { active: 'true' });

export type NewLifecycleRequest = LifecycleRequestInput;

/** `POST /lifecycle/requests` (a joiner or leaver, waiting for approval). */
export const createLifecycleRequest = (
  input: NewLifecycleRequest,
  idempotencyKey: string,
): LifecycleRequest =>
  call(
    send('post', path('lifecycle', 'requests'), input, unwrapData(lifecycleRequestSchema), idempotencyKey),
  );
export interface NewContact {
  email: string;
  firstName?: string;
  lastName?: string;
}

/** `POST /users` as an outside contact (role `contact`): an unknown sender becomes a person. */
export const createContactRequest = (contact: NewContact) =>
  send('post', 'users', { ...contact, role: 'contact' }, unwrapData(userSchema));
