import { z } from 'zod';
import { roles } from '../enums.ts';

/** What the caller may do, so clients (the add-on) can hide what would be refused. */
export const abilitiesSchema = z
  .object({
    readAllDocumentation: z.boolean(),
    writeDocumentation: z.boolean(),
    hardDelete: z.boolean(),
    listCredentials: z.boolean(),
    revealCredentials: z.boolean(),
    createTickets: z.boolean(),
    readAllTickets: z.boolean(),
    internalReplies: z.boolean(),
    manageTickets: z.boolean(),
    readAllUsers: z.boolean(),
    changeRoles: z.boolean(),
    manageSettings: z.boolean(),
    runSync: z.boolean(),
    manageApiKeys: z.boolean(),
    readAuditLog: z.boolean(),
    /** The console's live add-on preview (everyone in the Workspace; not contacts). */
    previewAddon: z.boolean(),
  })
  .meta({ id: 'Abilities' });
export type Abilities = z.infer<typeof abilitiesSchema>;

export const meSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: z.enum(roles),
    name: z.string(),
    abilities: abilitiesSchema,
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;
