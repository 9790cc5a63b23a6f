// Every response the add-on reads is parsed with the backend's own zod schemas (shared/), imported
// module by module so the bundle carries only these (build.mjs also slims zod itself). The few
// answers shared/ has no schema for are described here, as narrowly as the add-on reads them.
import { z } from 'zod';
import { errorBodySchema } from '../../../shared/src/errors.ts';
import { peopleContextSchema, searchResultSchema } from '../../../shared/src/schemas/discovery.ts';
import { expiringSchema } from '../../../shared/src/schemas/expiring.ts';
import { fileSchema } from '../../../shared/src/schemas/files.ts';
import { syncRunSchema, syncStartSchema } from '../../../shared/src/schemas/sync.ts';
import { meSchema } from '../../../shared/src/schemas/me.ts';
import { replySchema, ticketSchema } from '../../../shared/src/schemas/tickets.ts';

export {
  errorBodySchema,
  expiringSchema,
  fileSchema,
  meSchema,
  peopleContextSchema,
  replySchema,
  searchResultSchema,
  syncRunSchema,
  syncStartSchema,
  ticketSchema,
};
export type { ErrorBody } from '../../../shared/src/errors.ts';
export type { PeopleContext, SearchResult, TicketSummary } from '../../../shared/src/schemas/discovery.ts';
export type { Expiring } from '../../../shared/src/schemas/expiring.ts';
export type { SyncRun } from '../../../shared/src/schemas/sync.ts';
export type { Me } from '../../../shared/src/schemas/me.ts';
export type { Reply, Ticket } from '../../../shared/src/schemas/tickets.ts';

export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });
export const listOf = <T extends z.ZodType>(schema: T) =>
  z.object({ data: z.array(schema), nextCursor: z.string().nullable() });

/** `GET /tickets/:id`: the ticket with the replies the caller may see. */
export const ticketWithRepliesSchema = ticketSchema.extend({ replies: z.array(replySchema) });
export type TicketWithReplies = z.infer<typeof ticketWithRepliesSchema>;

/** `GET /ticket-statuses` rows (the generic record presenter; only what the add-on reads). */
export const ticketStatusSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  displayOrder: z.number().int(),
  isDefault: z.boolean(),
  isClosedStatus: z.boolean(),
  isResolvedStatus: z.boolean(),
  archivedAt: z.string().nullable(),
});
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/** `POST /tickets/:id/attachments` → 201. */
export const attachmentResultSchema = z.object({ ticketId: z.number().int(), fileId: z.number().int() });
