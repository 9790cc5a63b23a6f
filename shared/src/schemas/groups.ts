import { z } from 'zod';
import { recordAbilitiesSchema } from './fields.ts';

// Directory groups and organizational units as the sync fills them (read-only: they are written
// by the directory's own admin console, never through Helios).

/** A group (`user_groups`: every directory provider's groups, one shape). */
export const groupSchema = z
  .object({
    abilities: recordAbilitiesSchema,
    id: z.number().int(),
    name: z.string(),
    email: z.string().nullable(),
    description: z.string().nullable(),
    /** Where it comes from (`google`, …) or `helios`. */
    groupType: z.string(),
    isActive: z.boolean(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable(),
  })
  .meta({ id: 'Group' });
export type Group = z.infer<typeof groupSchema>;

/** A member of a group, as anyone who may see the group sees them. */
export const groupMemberSchema = z
  .object({
    userId: z.number().int(),
    email: z.string(),
    name: z.string(),
    /** `member`, `manager` or `owner`. */
    role: z.string(),
  })
  .meta({ id: 'GroupMember' });

/** `GET /groups/:id`: the group and its members (active people, by name). */
export const groupWithMembersSchema = z
  .object({ ...groupSchema.shape, members: z.array(groupMemberSchema) })
  .meta({ id: 'GroupWithMembers' });
export type GroupWithMembers = z.infer<typeof groupWithMembersSchema>;

/** `GET /groups` filters beyond the common list query. */
export const groupListFiltersSchema = z.object({
  /** Groups this user belongs to. */
  memberId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

/** An organizational unit (Google Workspace's tree of `/`-separated paths). */
export const orgUnitSchema = z
  .object({
    abilities: recordAbilitiesSchema,
    id: z.number().int(),
    name: z.string(),
    orgUnitPath: z.string(),
    parentOrgUnitPath: z.string().nullable(),
    description: z.string().nullable(),
    /** People in Helios whose organizational unit this is. */
    userCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable(),
  })
  .meta({ id: 'OrgUnit' });
export type OrgUnit = z.infer<typeof orgUnitSchema>;

/** `GET /org-units/:id`: the unit and its direct children. */
export const orgUnitWithChildrenSchema = z
  .object({ ...orgUnitSchema.shape, children: z.array(orgUnitSchema) })
  .meta({ id: 'OrgUnitWithChildren' });
export type OrgUnitWithChildren = z.infer<typeof orgUnitWithChildrenSchema>;

/** `GET /org-units` filters beyond the common list query. */
export const orgUnitListFiltersSchema = z.object({
  /** Direct children of this path (`/` for the top level). */
  parentPath: z.string().trim().min(1).max(500).optional(),
});

/** A person's groups and unit on their card (`/people/:email/context`). */
export const contextGroupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.string(),
});
export const contextOrgUnitSchema = z.object({
  id: z.number().int().nullable(),
  name: z.string(),
  orgUnitPath: z.string(),
});
