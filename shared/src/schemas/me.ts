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
    // Onboarding and offboarding. Optional only so clients built before the lifecycle (and their
    // canned answers) still parse; the server always answers them.
    /** Create, change and delete lifecycle templates (admins). */
    manageLifecycleTemplates: z.boolean().optional(),
    /** File joiner and leaver requests, dry-run, cancel and steer them (IT staff). */
    requestLifecycle: z.boolean().optional(),
    /** Approve or reject requests (IT staff; a manager not their own). */
    approveLifecycle: z.boolean().optional(),
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
