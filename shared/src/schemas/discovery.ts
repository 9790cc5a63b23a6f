import { z } from 'zod';
import { contextGroupSchema, contextOrgUnitSchema } from './groups.ts';
import { userStatusSchema } from './lifecycle.ts';

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(2, 'at least 2 characters').max(200),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    types: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, 'comma-separated result types, e.g. asset,user')
      .optional(),
  })
  .strict();

export const searchResultSchema = z
  .object({
    type: z.string(),
    id: z.number().int(),
    title: z.string(),
    subtitle: z.string().nullable(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof searchResultSchema>;

export const peopleContextQuerySchema = z
  .object({ threadId: z.string().trim().min(1).max(200).optional() })
  .strict();

export const personSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** Null where the caller may not see it (a user looking at a colleague: names and emails only). */
  role: z.string().nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  orgUnit: z.string().nullable(),
  photoUrl: z.string().nullable(),
  phone: z.string().nullable(),
  location: z.string().nullable(),
  manager: z.object({ id: z.number().int(), name: z.string(), email: z.string() }).nullable(),
  isActive: z.boolean(),
  /** Where the person is in their lifecycle. Optional only for canned answers older than it. */
  userStatus: userStatusSchema.optional(),
});

export const contextAssetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  assetType: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  os: z.string().nullable(),
  osVersion: z.string().nullable(),
  status: z.string().nullable(),
  warrantyExpireDate: z.string().nullable(),
  syncedFromGoogle: z.boolean(),
});

export const contextLicenseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  licenseType: z.string().nullable(),
  expireDate: z.string().nullable(),
  googleLicenseSku: z.string().nullable(),
});

export const ticketSummarySchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  displayNumber: z.string(),
  subject: z.string(),
  priority: z.string().nullable(),
  status: z.object({ id: z.number().int(), name: z.string(), color: z.string().nullable() }),
  assignedTo: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

/** A vendor whose email domain matches an unknown sender's, with the contacts Helios has there. */
export const contextVendorSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  contactName: z.string().nullable(),
  /** Helios contacts (role `contact`) with an address at the same domain, up to 10. */
  contacts: z.array(z.object({ id: z.number().int(), name: z.string(), email: z.string() })),
});

export const peopleContextSchema = z
  .object({
    person: personSchema.nullable(),
    assets: z.array(contextAssetSchema),
    softwareLicenses: z.array(contextLicenseSchema),
    openTickets: z.array(ticketSummarySchema),
    recentTickets: z.array(ticketSummarySchema),
    ticketForThread: ticketSummarySchema.nullable(),
    /** The person's directory groups (staff, or the person themselves; else empty). */
    groups: z.array(contextGroupSchema),
    /** Their organizational unit (staff, or the person themselves; else null). */
    orgUnit: contextOrgUnitSchema.nullable(),
    /**
     * The real totals beside the capped lists (assets 50, licenses 50, open tickets 20): what the
     * caller may see, counted in one query. All 0 for an unknown sender.
     */
    counts: z.object({
      openTickets: z.number().int(),
      devices: z.number().int(),
      licenses: z.number().int(),
    }),
    /** IT staff, for a sender Helios does not know: the vendor at their email domain, if any. */
    vendor: contextVendorSchema.nullable(),
  })
  .meta({ id: 'PeopleContext' });
export type PeopleContext = z.infer<typeof peopleContextSchema>;
