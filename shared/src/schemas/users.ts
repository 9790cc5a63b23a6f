import { z } from 'zod';
import { roles } from '../enums.ts';
import { idSchema, listQuerySchema } from './common.ts';
import { userStatusSchema } from './lifecycle.ts';
import { tagListFilters, tagSummarySchema } from './tags.ts';
import {
  customFieldsInput,
  optionalRef,
  optionalText,
  optionalUrl,
  recordAbilitiesSchema,
  recordMeta,
} from './fields.ts';

// People of the organization (organization_users): staff, colleagues and outside contacts. The
// Google-owned columns (googleWorkspaceId, googleWorkspaceOu, syncedFromGoogle, lastSyncedAt) are
// written by the Workspace sync only, so no request may carry them.
const userFields = {
  email: z.email('expected an email address').max(200),
  firstName: optionalText(200),
  lastName: optionalText(200),
  /** Only admins may set `admin` or `manager`, or change an existing user's role. */
  role: z.enum(roles).optional(),
  isActive: z.boolean().optional(),
  phone: optionalText(50),
  mobile: optionalText(50),
  department: optionalText(200),
  departmentId: optionalRef(),
  title: optionalText(200),
  photoUrl: optionalUrl(500),
  isPrimary: z.boolean().optional(),
  isImportant: z.boolean().optional(),
  isBillingContact: z.boolean().optional(),
  isTechnicalContact: z.boolean().optional(),
  locationId: optionalRef(),
  managerId: optionalRef(),
  customFields: customFieldsInput(),
};

export const userCreateSchema = z.object(userFields).strict();
export const userUpdateSchema = z.object(userFields).partial().strict();
export type UserCreate = z.infer<typeof userCreateSchema>;
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** The seed's profile counts, sent by `GET /users/:id` (live records only). */
export const userCountsSchema = z.object({
  assets: z.number().int(),
  credentials: z.number().int(),
  tickets: z.number().int(),
  licenses: z.number().int(),
});
export type UserCounts = z.infer<typeof userCountsSchema>;

export const userSchema = z
  .object({
    ...recordMeta,
    abilities: recordAbilitiesSchema.extend({ changeRole: z.boolean() }),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    role: z.enum(roles),
    isActive: z.boolean(),
    /** Where the person is in their lifecycle (pending joiner, offboarding leaver, …). */
    userStatus: userStatusSchema,
    googleWorkspaceId: z.string().nullable(),
    googleWorkspaceOu: z.string().nullable(),
    syncedFromGoogle: z.boolean(),
    lastSyncedAt: z.string().nullable(),
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    department: z.string().nullable(),
    departmentId: z.number().int().nullable(),
    title: z.string().nullable(),
    photoUrl: z.string().nullable(),
    isPrimary: z.boolean(),
    isImportant: z.boolean(),
    isBillingContact: z.boolean(),
    isTechnicalContact: z.boolean(),
    lastAccessedAt: z.string().nullable(),
    locationId: z.number().int().nullable(),
    managerId: z.number().int().nullable(),
    tags: z.array(tagSummarySchema),
    /** Present on `GET /users/:id` only. */
    counts: userCountsSchema.optional(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

/** `GET /users/:id`: the user with their profile counts. */
export const userProfileSchema = userSchema.extend({ counts: userCountsSchema }).meta({ id: 'UserProfile' });

/** What a `user` sees of colleagues in `GET /users` (people pickers): names and emails, no more. */
export const userDirectoryEntrySchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    photoUrl: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'DirectoryEntry' });
export type UserDirectoryEntry = z.infer<typeof userDirectoryEntrySchema>;

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /users` filters for staff (beside `q`, `archived`, `sort`, `cf.<field>=`). */
export const userListFiltersSchema = z.object({
  role: z.enum(roles).optional(),
  isActive: booleanText.optional(),
  locationId: idSchema.optional(),
  departmentId: idSchema.optional(),
  managerId: idSchema.optional(),
  tagId: idSchema.optional(),
  ...tagListFilters,
});

/** `GET /users` as a `user` sees it: the directory of active colleagues (no archived, no filters). */
export const userDirectoryQuerySchema = listQuerySchema
  .extend({
    archived: z.literal('false', 'the directory lists active colleagues only').default('false'),
    sort: z.enum(['id', '-id', 'email', '-email']).default('id'),
  })
  .strict();
