// Every response the add-on reads is parsed with the backend's own zod schemas (shared/), imported
// module by module so the bundle carries only these (build.mjs also slims zod itself). The add-on
// declares no response schema of its own: what is missing belongs in shared/.
import { errorBodySchema } from '../../../shared/src/errors.ts';
import { peopleContextSchema, searchResultSchema } from '../../../shared/src/schemas/discovery.ts';
import { expiringSchema } from '../../../shared/src/schemas/expiring.ts';
import { fileSchema } from '../../../shared/src/schemas/files.ts';
import { syncRunSchema, syncStartSchema } from '../../../shared/src/schemas/sync.ts';
import { lifecycleRequestSchema, lifecycleTemplateSchema } from '../../../shared/src/schemas/lifecycle.ts';
import { meSchema } from '../../../shared/src/schemas/me.ts';
import { userSchema } from '../../../shared/src/schemas/users.ts';
import {
  replySchema,
  ticketAttachmentSchema,
  ticketFormOptionsSchema,
  ticketSchema,
  ticketStatusSchema,
  ticketWithRepliesSchema,
} from '../../../shared/src/schemas/tickets.ts';

export {
  errorBodySchema,
  expiringSchema,
  fileSchema,
  lifecycleRequestSchema,
  lifecycleTemplateSchema,
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
  userSchema,
};
export type { ErrorBody } from '../../../shared/src/errors.ts';
export type { PeopleContext, SearchResult, TicketSummary } from '../../../shared/src/schemas/discovery.ts';
export type { Expiring } from '../../../shared/src/schemas/expiring.ts';
export type { SyncRun } from '../../../shared/src/schemas/sync.ts';
export type {
  LifecycleRequest,
  LifecycleRequestInput,
  LifecycleTemplate,
} from '../../../shared/src/schemas/lifecycle.ts';
export type { Me } from '../../../shared/src/schemas/me.ts';
export type {
  Reply,
  Ticket,
  TicketAbilities,
  TicketAttachment,
  TicketFormOptions,
  TicketStatus,
  TicketWithReplies,
} from '../../../shared/src/schemas/tickets.ts';

// The contract's envelopes, `{ data }` and `{ data: [...], nextCursor }`.
export { dataEnvelope as dataOf, listEnvelope as listOf } from '../../../shared/src/schemas/common.ts';
