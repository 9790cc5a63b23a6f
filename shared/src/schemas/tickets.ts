import { z } from 'zod';
import { replyTypes, ticketPriorities, ticketSources } from '../enums.ts';
import { idSchema } from './common.ts';
import { fileUploadFieldsSchema } from './files.ts';
import { tagListFilters, tagSummarySchema } from './tags.ts';
import {
  customFieldsInput,
  longText,
  optionalRef,
  optionalText,
  recordMeta,
  requiredText,
} from './fields.ts';

/** The Gmail message a ticket or reply was made from (the add-on sends these). */
export const gmailRefSchema = z
  .object({
    messageId: z.string().trim().min(1).max(200),
    threadId: z.string().trim().min(1).max(200),
    rfc822MessageId: z.string().trim().min(1).max(998).optional(),
  })
  .strict();

const idList = (max: number) => z.array(idSchema).max(max).optional();

export const ticketCreateSchema = z
  .object({
    subject: requiredText(500),
    details: z.string().trim().min(1, 'must not be empty').max(100_000),
    priority: z.enum(ticketPriorities).default('medium'),
    category: optionalText(100),
    source: z.enum(ticketSources).default('portal'),
    relatedUserId: optionalRef(),
    relatedUserEmail: z.email().max(200).optional(),
    assignedToUserId: optionalRef(),
    statusId: optionalRef(),
    assetIds: idList(100),
    watcherUserIds: idList(100),
    locationId: optionalRef(),
    vendorId: optionalRef(),
    vendorTicketNumber: optionalText(200),
    billable: z.boolean().optional(),
    scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
    isOnsite: z.boolean().optional(),
    gmail: gmailRefSchema.optional(),
    /**
     * A Gmail thread that already has a ticket is refused (409 `thread_has_ticket`) so a later
     * message never silently becomes a second ticket; `true` files a separate one on purpose.
     */
    separate: z.boolean().optional(),
    /** Ticket (or general) tags to put on it. */
    tagIds: idList(50),
    /**
     * Watchers by email (the add-on offers an email's CC line): active Helios users among them
     * watch the ticket; addresses Helios does not know are skipped (outsiders are normal on a CC
     * line), so the ticket's `watcherUserIds` says who was added.
     */
    watcherEmails: z.array(z.email().max(200)).max(50).optional(),
    customFields: customFieldsInput(),
  })
  .strict()
  .refine((v) => !(v.relatedUserId && v.relatedUserEmail), {
    message: 'give relatedUserId or relatedUserEmail, not both',
    path: ['relatedUserEmail'],
  });
export type TicketCreate = z.infer<typeof ticketCreateSchema>;

export const ticketUpdateSchema = z
  .object({
    subject: requiredText(500),
    details: z.string().trim().min(1).max(100_000),
    priority: z.enum(ticketPriorities),
    category: optionalText(100),
    statusId: idSchema,
    assignedToUserId: optionalRef(),
    relatedUserId: optionalRef(),
    locationId: optionalRef(),
    vendorId: optionalRef(),
    vendorTicketNumber: optionalText(200),
    billable: z.boolean(),
    scheduledAt: z.iso.datetime({ offset: true }).nullable(),
    isOnsite: z.boolean(),
    customFields: customFieldsInput(),
  })
  .partial()
  .strict();
export type TicketUpdate = z.infer<typeof ticketUpdateSchema>;

export const ticketListQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z
      .string()
      .regex(/^(open|closed|\d+)$/, 'expected open, closed or a status id')
      .optional(),
    assignedTo: z
      .string()
      .regex(/^(me|none|\d+)$/, 'expected me, none or a user id')
      .optional(),
    relatedUser: z.string().trim().min(1).max(200).optional(),
    priority: z.enum(ticketPriorities).optional(),
    category: z.string().trim().max(100).optional(),
    source: z.enum(ticketSources).optional(),
    assetId: idSchema.optional(),
    ...tagListFilters,
    archived: z.enum(['false', 'true', 'all']).default('false'),
    /** Newest first (default) or oldest first — both keyset-paged by id, so deep pages stay fast. */
    sort: z.enum(['newest', 'oldest']).default('newest'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const replyCreateSchema = z
  .object({
    reply: z.string().trim().min(1, 'must not be empty').max(100_000),
    type: z.enum(replyTypes).default('public'),
    timeSpentMinutes: z.number().int().min(0).max(10_000).optional(),
    gmail: gmailRefSchema
      .partial({ threadId: true })
      .extend({
        /** The message's From address (the add-on reads it from the open message). */
        from: z.email().max(200).optional(),
      })
      .optional(),
    /**
     * Who wrote it: `me` (default), or `sender` — an email added to a ticket is its sender's
     * message (staff only; public, with `gmail.from`): recorded as the sender's, never as a staff
     * first response, and the sender is not notified of their own mail.
     */
    author: z.enum(['me', 'sender']).optional(),
  })
  .strict()
  .refine((v) => v.author !== 'sender' || v.gmail?.from !== undefined, {
    message: 'an email added as its sender needs gmail.from',
    path: ['gmail', 'from'],
  })
  .refine((v) => v.author !== 'sender' || v.type === 'public', {
    message: "an email added as its sender's message is public",
    path: ['type'],
  });
export type ReplyCreate = z.infer<typeof replyCreateSchema>;

export const feedbackSchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: longText(),
  })
  .strict();

export const attachmentCreateSchema = z
  .object({
    fileId: idSchema.optional(),
    driveFileId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{10,200}$/, 'expected a Google Drive file id')
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
    mimeType: z.string().max(100).optional(),
  })
  .strict()
  .refine((v) => (v.fileId === undefined) !== (v.driveFileId === undefined), {
    message: 'give fileId or driveFileId',
    path: ['fileId'],
  })
  .refine((v) => v.driveFileId === undefined || v.name !== undefined, {
    message: 'a Drive link needs a name',
    path: ['name'],
  });

const personRef = z.object({ id: z.number().int(), name: z.string(), email: z.string() }).nullable();

/**
 * `GET /ticket-form-options` (IT staff): what the add-on's ticket form and ticket card offer to pick
 * from in one round trip — the staff a ticket may be assigned to, the categories tickets already
 * use (categories are free text; these are the ones in use, most used first), the tags a ticket
 * may carry.
 */
export const ticketFormOptionsSchema = z
  .object({
    assignees: z.array(z.object({ id: z.number().int(), name: z.string(), email: z.string() })),
    categories: z.array(z.string()),
    tags: z.array(tagSummarySchema),
  })
  .meta({ id: 'TicketFormOptions' });
export type TicketFormOptions = z.infer<typeof ticketFormOptionsSchema>;

/** `GET /tickets/by-gmail-thread/:threadId`. */
export const ticketThreadParamsSchema = z.object({ threadId: z.string().trim().min(1).max(200) }).strict();

/** `PUT|DELETE /tickets/:id/watchers/:userId`. */
export const ticketWatcherParamsSchema = z.object({ id: idSchema, userId: idSchema }).strict();

export const replySchema = z
  .object({
    id: z.number().int(),
    reply: z.string(),
    type: z.enum(replyTypes),
    timeSpentMinutes: z.number().int(),
    createdBy: personRef,
    createdAt: z.string(),
    gmailMessageId: z.string().nullable(),
  })
  .meta({ id: 'TicketReply' });
export type Reply = z.infer<typeof replySchema>;

/**
 * What the caller may do with this ticket right now, one flag per route: computed by the same
 * policy the route enforces (permission and the ticket's state, e.g. no reply once archived), so a
 * client shows exactly the actions that would be accepted and derives no rule of its own.
 */
export const ticketAbilitiesSchema = z
  .object({
    /** `PATCH /tickets/:id` with any field (IT staff). */
    update: z.boolean(),
    /** `PATCH /tickets/:id` to a closed status (staff; a user on a ticket they filed or are about). */
    close: z.boolean(),
    /** `POST /tickets/:id/replies` with `type: "public"`. */
    reply: z.boolean(),
    /** `POST /tickets/:id/replies` with `type: "internal"`. */
    replyInternal: z.boolean(),
    /** `POST /tickets/:id/archive`. */
    archive: z.boolean(),
    /** `POST /tickets/:id/restore`. */
    restore: z.boolean(),
    /** `PUT|DELETE /tickets/:id/watchers/<own id>`. */
    watch: z.boolean(),
    /** `PUT|DELETE /tickets/:id/watchers/<anyone>`. */
    manageWatchers: z.boolean(),
    /** `POST /tickets/:id/attachments`. */
    attach: z.boolean(),
    /** `POST /tickets/:id/feedback` (the requester, once the ticket is resolved, once). */
    feedback: z.boolean(),
  })
  .meta({ id: 'TicketAbilities' });
export type TicketAbilities = z.infer<typeof ticketAbilitiesSchema>;

const ticketFields = {
  id: z.number().int(),
  number: z.number().int(),
  displayNumber: z.string(),
  subject: z.string(),
  details: z.string(),
  category: z.string().nullable(),
  priority: z.string().nullable(),
  source: z.string().nullable(),
  status: z.object({
    id: z.number().int(),
    name: z.string(),
    color: z.string().nullable(),
    isClosed: z.boolean(),
    isResolved: z.boolean(),
  }),
  createdBy: personRef,
  assignedTo: personRef,
  relatedUser: personRef,
  assetIds: z.array(z.number().int()),
  watcherUserIds: z.array(z.number().int()),
  /** Empty for outside contacts, who read no tags. */
  tags: z.array(tagSummarySchema),
  customFields: recordMeta.customFields,
  timeSpentMinutes: z.number().int(),
  billable: z.boolean(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByUserId: z.number().int().nullable(),
  feedbackRating: z.number().int().nullable(),
  feedbackComment: z.string().nullable(),
  gmail: z.object({ messageId: z.string(), threadId: z.string().nullable() }).nullable(),
  /**
   * Public link key: the page `/shared/tickets/<urlKey>` (HTML) and `/api/v1/tickets/shared/<urlKey>`
   * (JSON); only for those who may read the ticket.
   */
  urlKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
  abilities: ticketAbilitiesSchema,
};

export const ticketSchema = z.object(ticketFields).meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof ticketSchema>;

/** A file attached to a ticket (`POST /tickets/:id/attachments` → 201; `attachments` of a ticket). */
/**
 * The form fields of an upload to `POST /tickets/:id/attachments`: a file's, plus — for an
 * attachment of a Gmail message (the add-on) — which one it is, so sending it again (a retry)
 * answers the attachment already there (200) instead of attaching a copy.
 */
export const ticketUploadFieldsSchema = fileUploadFieldsSchema
  .extend({
    gmailMessageId: z.string().trim().min(1).max(200).optional(),
    /** The attachment's position among the message's attachments (0-based). */
    gmailAttachmentIndex: z.coerce.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .refine((v) => (v.gmailMessageId === undefined) === (v.gmailAttachmentIndex === undefined), {
    message: 'give gmailMessageId and gmailAttachmentIndex together',
    path: ['gmailAttachmentIndex'],
  });
export type TicketUploadFields = z.infer<typeof ticketUploadFieldsSchema>;

export const ticketAttachmentSchema = z
  .object({
    ticketId: z.number().int(),
    fileId: z.number().int(),
    name: z.string(),
    /** Bytes (uploads); null for Google Drive files. */
    size: z.number().int().nullable(),
    mimeType: z.string().nullable(),
    kind: z.enum(['upload', 'drive']),
    /** `/api/v1/tickets/:id/attachments/:fileId/download`: for anyone who may read the ticket. */
    downloadUrl: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'TicketAttachment' });
export type TicketAttachment = z.infer<typeof ticketAttachmentSchema>;

/**
 * `GET /tickets/:id`: the ticket with the replies the caller may see (internal notes: staff only)
 * and its attachments.
 */
export const ticketWithRepliesSchema = z
  .object({
    ...ticketFields,
    replies: z.array(replySchema),
    attachments: z.array(ticketAttachmentSchema),
  })
  .meta({ id: 'TicketWithReplies' });
export type TicketWithReplies = z.infer<typeof ticketWithRepliesSchema>;

/** `GET /tickets/:id/attachments/:fileId/download`. */
export const ticketAttachmentParamsSchema = z.object({ id: idSchema, fileId: idSchema }).strict();

/**
 * A ticket status as `GET /ticket-statuses` presents it. Not a named component yet: the generic
 * record routes that serve it are still documented by the older generator, which would emit a
 * reference to a component it does not write.
 */
export const ticketStatusSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    color: z.string().nullable(),
    displayOrder: z.number().int(),
    isDefault: z.boolean(),
    isClosedStatus: z.boolean(),
    isResolvedStatus: z.boolean(),
  })
  .meta({ id: 'TicketStatus' });
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

export const ticketStatusCreateSchema = z
  .object({
    name: requiredText(100),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #2563eb')
      .nullable()
      .optional(),
    displayOrder: z.number().int().min(0).max(100_000).optional(),
    isDefault: z.boolean().optional(),
    isResolvedStatus: z.boolean().optional(),
    isClosedStatus: z.boolean().optional(),
  })
  .strict();
export const ticketStatusUpdateSchema = ticketStatusCreateSchema.partial().strict();
export type TicketStatusCreate = z.infer<typeof ticketStatusCreateSchema>;

export const notificationListQuerySchema = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();

export const notificationSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    message: z.string(),
    actionUrl: z.string().nullable(),
    entityType: z.string().nullable(),
    entityId: z.number().int().nullable(),
    isRead: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });
/** One notification (not `Notification`: that name is the browser's Notifications API). */
export type NotificationEntry = z.infer<typeof notificationSchema>;

/** The public, unauthenticated view of one ticket (`GET /tickets/shared/:urlKey`). */
export const sharedTicketSchema = z
  .object({
    displayNumber: z.string(),
    subject: z.string(),
    details: z.string(),
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    replies: z.array(z.object({ reply: z.string(), author: z.string(), createdAt: z.string() })),
  })
  .meta({ id: 'SharedTicket' });
export type SharedTicket = z.infer<typeof sharedTicketSchema>;

/** A person's saved view of a list: a name and the list's query string (`GET /me/saved-views`). */
export const savedViewSchema = z
  .object({
    id: z.number().int(),
    scope: z.enum(['tickets']),
    name: z.string(),
    /** The list route's query string without paging, e.g. `status=open&assignedTo=me&sort=oldest`. */
    query: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedViewSchema>;

/**
 * `POST /me/saved-views`: save (or, under the same name, replace) a view. The query must be one the
 * list accepts (the server checks it with that list's own query schema); paging is never saved.
 */
export const savedViewCreateSchema = z
  .object({
    scope: z.enum(['tickets']).default('tickets'),
    name: requiredText(100),
    query: z.string().max(2000),
  })
  .strict();
export type SavedViewCreate = z.infer<typeof savedViewCreateSchema>;

export const savedViewListQuerySchema = z.object({ scope: z.enum(['tickets']).default('tickets') }).strict();
