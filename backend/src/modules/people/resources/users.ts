import {
  type Role,
  userListFiltersSchema,
  userCreateSchema,
  userSchema,
  userUpdateSchema,
  type UserDirectoryEntry,
} from '@helios/shared';
import type { CsvImportSpec } from '../../../core/records/csv-import.ts';
import { type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { conflict, forbidden, validationFailed } from '../../../core/errors.ts';
import { isStaff } from '../../../core/auth/actor.ts';
import { canUser } from '../policies/users.ts';
import { tagIdsOf, taggedCondition } from '../../../core/records/queries/tags.ts';
import { findUserByEmail, findUserById } from '../../../core/queries/users.ts';
import { countOtherActiveAdmins, lockAdminChanges, managementChain } from '../queries/users.ts';
import type { RecordChange, ResourceDefinition, Row } from '../../../core/records/definition.ts';

/** A live admin: one that can still sign in and act. */
const isLiveAdmin = (row: Row): boolean =>
  row.role === 'admin' && row.is_active === true && row.archived_at === null;

/** Whether a change takes a user out of the live admins (if they are one). */
const removesAdmin = (change: RecordChange): boolean =>
  change.kind === 'archive' ||
  change.kind === 'delete' ||
  (change.kind === 'update' &&
    ((change.values.role !== undefined && change.values.role !== 'admin') ||
      change.values.is_active === false));

/**
 * Refuses (409) a change that would leave the organization with no live admin: nobody could then
 * change roles, settings or sync again. Runs inside the write's transaction behind a lock every
 * such change takes, and reads the user afresh, so two admins demoting each other at once cannot
 * both succeed.
 */
async function keepAnAdmin(
  trx: Kysely<Database>,
  organizationId: number,
  existing: Row,
  change: RecordChange,
) {
  if (!removesAdmin(change) || existing.role !== 'admin') return;
  await lockAdminChanges(trx, organizationId);
  const current = await findUserById(trx, organizationId, existing.id as number);
  if (!current || !isLiveAdmin(current)) return;
  if ((await countOtherActiveAdmins(trx, organizationId, current.id)) === 0) {
    throw conflict('This is the last active admin; make someone else an admin first');
  }
}

/**
 * CSV import of users: Helios's headers, Snipe-IT's user export ("First Name", "Last Name",
 * "Email", "Job Title", "Phone", "Location", "Manager") and ITFlow's contacts ("Contact Email",
 * "Title", "Mobile", "Department"). A row updates the user with its email. Roles go through the
 * same rules as the API (only admins make admins or managers).
 */
export const userImport: CsvImportSpec = {
  columns: {
    email: 'email',
    emailaddress: 'email',
    contactemail: 'email',
    firstname: 'firstName',
    givenname: 'firstName',
    lastname: 'lastName',
    surname: 'lastName',
    familyname: 'lastName',
    title: 'title',
    jobtitle: 'title',
    phone: 'phone',
    officephone: 'phone',
    mobile: 'mobile',
    mobilephone: 'mobile',
    department: 'department',
    role: 'role',
    active: 'isActive',
    isactive: 'isActive',
    location: 'locationId',
    locationid: 'locationId',
    manager: 'managerId',
    manageremail: 'managerId',
    managerid: 'managerId',
  },
  byName: {
    locationId: { table: 'locations', column: 'name' },
    managerId: { table: 'organization_users', column: 'email' },
  },
  matchOn: [{ key: 'email', column: 'email' }],
};

export const users: ResourceDefinition = {
  name: 'users',
  table: 'organization_users',
  entityType: 'user',
  createSchema: userCreateSchema,
  responseSchema: userSchema,
  updateSchema: userUpdateSchema,
  listFilters: {
    schema: userListFiltersSchema,
    apply: (f) => {
      const where = [];
      if (f.role !== undefined) where.push(sql<SqlBool>`r.role = ${f.role}`);
      if (f.isActive !== undefined) where.push(sql<SqlBool>`r.is_active = ${f.isActive}`);
      if (f.locationId !== undefined) where.push(sql<SqlBool>`r.location_id = ${f.locationId}`);
      if (f.departmentId !== undefined) where.push(sql<SqlBool>`r.department_id = ${f.departmentId}`);
      if (f.managerId !== undefined) where.push(sql<SqlBool>`r.manager_id = ${f.managerId}`);
      if (f.tagId !== undefined)
        where.push(
          sql<SqlBool>`EXISTS (SELECT 1 FROM user_tags ut WHERE ut.user_id = r.id AND ut.tag_id = ${f.tagId})`,
        );
      const tagIds = tagIdsOf(f.tag);
      if (tagIds.length > 0)
        where.push(taggedCondition('organization_users', 'r', tagIds, f.tagMode === 'all' ? 'all' : 'any'));
      return where;
    },
  },
  searchColumns: ['email', 'first_name', 'last_name', 'title', 'department'],
  titleColumn: 'email',
  subtitle: (row) => {
    const name = [row.first_name, row.last_name].filter(Boolean).join(' ');
    return [name, row.title].filter(Boolean).join(' · ') || null;
  },
  refs: { locationId: 'locations', departmentId: 'departments', managerId: 'organization_users' },
  // Owned by the Google Workspace sync (the request schemas do not accept them either).
  readOnly: [
    'google_workspace_id',
    'google_workspace_ou',
    'synced_from_google',
    'last_synced_at',
    'last_accessed_at',
  ],
  tracksAccess: true,
  csvImport: userImport,
  sortable: ['email', 'created_at', 'updated_at'],
  can: (actor, action, record) => {
    const target = record ? { id: record.id as number, role: record.role as string } : undefined;
    return canUser(actor, action === 'link' ? 'update' : action, target);
  },
  // Staff list everyone; anyone else lists only themselves here (a `user`'s directory view of
  // colleagues is served by routes/directory.ts with a reduced set of columns).
  guardWrite: keepAnAdmin,
  moreAbilities: (actor, record) => ({
    changeRole: canUser(actor, 'change_role', { id: record.id as number }),
  }),
  listScope: (actor) => (canUser(actor, 'read') ? 'all' : (a) => sql<SqlBool>`r.id = ${a.userId}`),
  async prepare(input, { db, actor, existing }) {
    const out: Row = { ...input };
    const role = input.role as string | undefined;
    if (!existing) {
      out.role = role ?? 'user';
      if (isStaff({ role: out.role as Role }) && !canUser(actor, 'change_role'))
        throw forbidden('Only admins may create admins and managers');
    } else {
      if (role !== undefined && role !== existing.role) {
        if (!canUser(actor, 'change_role', { id: existing.id as number }))
          throw forbidden('Only admins may change a role');
      }
    }

    const email = input.email as string | undefined;
    // An admin's email is their sign-in identity: letting a manager point it at an address they
    // control would hand them the admin role, so only those who may change roles may change it.
    if (
      existing &&
      email !== undefined &&
      email !== existing.email &&
      existing.role === 'admin' &&
      !canUser(actor, 'change_role', { id: existing.id as number })
    )
      throw forbidden("Only admins may change an admin's email");
    if (email !== undefined) {
      const other = await findUserByEmail(db, actor.organizationId, email);
      if (other && other.id !== existing?.id) throw conflict(`A user with the email ${email} already exists`);
    }

    const managerId = input.managerId;
    if (existing && typeof managerId === 'number') {
      if (managerId === existing.id)
        throw validationFailed('managerId: a user cannot be their own manager', [
          { path: 'managerId', message: 'a user cannot be their own manager' },
        ]);
      if ((await managementChain(db, managerId)).includes(existing.id as number))
        throw validationFailed('managerId: this would make a management cycle', [
          { path: 'managerId', message: 'this would make a management cycle' },
        ]);
    }
    return out;
  },
  tags: 'organization_users',
};

/** The columns a `user` sees of colleagues (people pickers): names and emails, nothing private. */
export function presentDirectoryEntry(row: Row): UserDirectoryEntry {
  return {
    id: row.id as number,
    email: row.email as string,
    firstName: (row.first_name as string | null) ?? null,
    lastName: (row.last_name as string | null) ?? null,
    title: (row.title as string | null) ?? null,
    department: (row.department as string | null) ?? null,
    photoUrl: (row.photo_url as string | null) ?? null,
  };
}

/** Directory rows a `user` may list: active, unarchived colleagues (outside contacts excluded). */
export const directoryCondition = sql<SqlBool>`r.is_active AND r.role <> 'contact'`;
