import { type Kysely, sql } from 'kysely';
import type { Database, Json } from '../../../../../core/db/schema.ts';
import type { UpsertOutcome } from '../../../engine/provider.ts';
import { inArray, recordset, saveKnownAndNew } from '../../../queries/sync-store.ts';

/*
 * Google's own mirror tables (gw_org_units, gw_synced_users, gw_groups, gw_group_members): the raw
 * records as Google sent them, with their content hashes. The shared tables are the engine's
 * (queries/sync-store.ts); archiving these goes through its one anti-join (archiveMirror).
 */

export interface OrgUnitRow {
  orgUnitId: string;
  path: string;
  parentId: string | null;
  parentPath: string | null;
  name: string;
  description: string | null;
  raw: Json;
  hash: string;
}

export async function upsertOrgUnits(
  db: Kysely<Database>,
  organizationId: number,
  rows: OrgUnitRow[],
): Promise<UpsertOutcome> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const result = await db
    .insertInto('gw_org_units')
    .values(
      rows.map((r) => ({
        organization_id: organizationId,
        org_unit_id: r.orgUnitId,
        org_unit_path: r.path,
        parent_org_unit_id: r.parentId,
        parent_org_unit_path: r.parentPath,
        name: r.name,
        description: r.description,
        raw_data: JSON.stringify(r.raw),
        content_hash: r.hash,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'org_unit_id'])
        .doUpdateSet((eb) => ({
          org_unit_path: eb.ref('excluded.org_unit_path'),
          parent_org_unit_id: eb.ref('excluded.parent_org_unit_id'),
          parent_org_unit_path: eb.ref('excluded.parent_org_unit_path'),
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          raw_data: eb.ref('excluded.raw_data'),
          content_hash: eb.ref('excluded.content_hash'),
          last_seen_at: sql`now()`,
          archived_at: null,
        }))
        .where(
          sql<boolean>`gw_org_units.content_hash IS DISTINCT FROM excluded.content_hash OR gw_org_units.archived_at IS NOT NULL`,
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  return {
    created: result.filter((r) => r.inserted).length,
    updated: result.filter((r) => !r.inserted).length,
  };
}

/** Mirror rows of a page of Google users: content hash and archive state by Google id. */
export async function userMirrorsOf(
  db: Kysely<Database>,
  organizationId: number,
  googleIds: string[],
): Promise<Map<string, { contentHash: string; archived: boolean }>> {
  const rows = await db
    .selectFrom('gw_synced_users')
    .select(['google_user_id', 'content_hash', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where(inArray(sql.ref('google_user_id'), googleIds))
    .execute();
  return new Map(
    rows.map((r) => [r.google_user_id, { contentHash: r.content_hash, archived: r.archived_at !== null }]),
  );
}

export interface UserMirrorRow {
  googleId: string;
  email: string;
  organizationUserId: number;
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  orgUnitPath: string | null;
  suspended: boolean;
  archivedInGoogle: boolean;
  isAdmin: boolean;
  lastLoginAt: string | null;
  raw: Json;
  etag: string | null;
  hash: string;
}

export async function upsertUserMirrors(
  db: Kysely<Database>,
  organizationId: number,
  rows: UserMirrorRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({
    google_user_id: r.googleId,
    primary_email: r.email,
    organization_user_id: r.organizationUserId,
    given_name: r.givenName,
    family_name: r.familyName,
    full_name: r.fullName,
    org_unit_path: r.orgUnitPath,
    is_suspended: r.suspended,
    is_archived_in_google: r.archivedInGoogle,
    is_admin: r.isAdmin,
    last_login_at: r.lastLoginAt,
    raw_data: r.raw,
    etag: r.etag,
    content_hash: r.hash,
  }));
  await sql`
    INSERT INTO gw_synced_users (organization_id, google_user_id, primary_email, organization_user_id,
      given_name, family_name, full_name, org_unit_path, is_suspended, is_archived_in_google, is_admin,
      last_login_at, raw_data, etag, content_hash)
    SELECT ${organizationId}, v.google_user_id, v.primary_email, v.organization_user_id, v.given_name,
      v.family_name, v.full_name, v.org_unit_path, v.is_suspended, v.is_archived_in_google, v.is_admin,
      v.last_login_at, v.raw_data, v.etag, v.content_hash
    FROM ${recordset(data, {
      google_user_id: 'text',
      primary_email: 'text',
      organization_user_id: 'int',
      given_name: 'text',
      family_name: 'text',
      full_name: 'text',
      org_unit_path: 'text',
      is_suspended: 'boolean',
      is_archived_in_google: 'boolean',
      is_admin: 'boolean',
      last_login_at: 'timestamptz',
      raw_data: 'jsonb',
      etag: 'text',
      content_hash: 'text',
    })}
    ON CONFLICT (organization_id, google_user_id) DO UPDATE SET
      primary_email = excluded.primary_email, organization_user_id = excluded.organization_user_id,
      given_name = excluded.given_name, family_name = excluded.family_name,
      full_name = excluded.full_name, org_unit_path = excluded.org_unit_path,
      is_suspended = excluded.is_suspended, is_archived_in_google = excluded.is_archived_in_google,
      is_admin = excluded.is_admin, last_login_at = excluded.last_login_at,
      raw_data = excluded.raw_data, etag = excluded.etag, content_hash = excluded.content_hash,
      last_seen_at = now(), archived_at = NULL`.execute(db);
}

/**
 * Points each synced user's manager_id at the user their Google `relations` name as manager;
 * touches only rows whose manager actually changed. Returns how many changed.
 */
export async function resolveManagers(db: Kysely<Database>, organizationId: number): Promise<number> {
  const result = await sql`
    UPDATE organization_users u SET manager_id = m.manager_id
    FROM (
      SELECT g.organization_user_id AS user_id,
             (SELECT mu.id FROM organization_users mu
               WHERE mu.organization_id = g.organization_id
                 AND lower(mu.email) = lower((SELECT r->>'value' FROM jsonb_array_elements(coalesce(g.raw_data->'relations', '[]'::jsonb)) r
                                              WHERE r->>'type' = 'manager' LIMIT 1))) AS manager_id
      FROM gw_synced_users g
      WHERE g.organization_id = ${organizationId} AND g.archived_at IS NULL AND g.organization_user_id IS NOT NULL
    ) m
    WHERE u.id = m.user_id AND u.manager_id IS DISTINCT FROM m.manager_id AND m.user_id IS DISTINCT FROM m.manager_id`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** The mirror rows of a page of groups, by Google id (one query per page). */
export async function findGroupMirrors(
  db: Kysely<Database>,
  organizationId: number,
  googleIds: string[],
): Promise<Map<string, { id: number; userGroupId: number | null; contentHash: string; archived: boolean }>> {
  if (googleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('gw_groups')
    .select(['id', 'google_group_id', 'content_hash', 'user_group_id', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where(inArray(sql.ref('google_group_id'), googleIds))
    .execute();
  return new Map(
    rows.map((row) => [
      row.google_group_id,
      {
        id: row.id,
        userGroupId: row.user_group_id,
        contentHash: row.content_hash,
        archived: row.archived_at !== null,
      },
    ]),
  );
}

export interface GroupMirrorRow {
  googleId: string;
  email: string;
  name: string;
  description: string | null;
  directMembersCount: number | null;
  userGroupId: number;
  raw: Json;
  etag: string | null;
  hash: string;
}

/**
 * Writes a page's changed groups' mirror rows — updates of the known ones (by `existingId`,
 * un-archived), then inserts of the new ones, a statement each way — and returns their ids in order.
 */
export async function saveGroupMirrors(
  db: Kysely<Database>,
  organizationId: number,
  groups: (GroupMirrorRow & { existingId: number | undefined })[],
): Promise<number[]> {
  const rows = groups.map((g) => ({
    id: g.existingId ?? null,
    google_group_id: g.googleId,
    email: g.email,
    name: g.name,
    description: g.description,
    direct_members_count: g.directMembersCount,
    user_group_id: g.userGroupId,
    raw_data: g.raw,
    etag: g.etag,
    content_hash: g.hash,
  }));
  const columns = {
    id: 'int',
    google_group_id: 'text',
    email: 'text',
    name: 'text',
    description: 'text',
    direct_members_count: 'int',
    user_group_id: 'int',
    raw_data: 'jsonb',
    etag: 'text',
    content_hash: 'text',
  } as const;
  return saveKnownAndNew(
    rows,
    (r) => r.google_group_id,
    (known) =>
      sql`
      UPDATE gw_groups g SET email = v.email, name = v.name, description = v.description,
        direct_members_count = v.direct_members_count, user_group_id = v.user_group_id,
        raw_data = v.raw_data, etag = v.etag, content_hash = v.content_hash, archived_at = NULL,
        last_seen_at = now()
      FROM ${recordset(known, columns)} WHERE g.id = v.id`.execute(db),
    async (fresh) =>
      (
        await sql<{ id: number; key: string }>`
      INSERT INTO gw_groups (organization_id, google_group_id, email, name, description,
        direct_members_count, user_group_id, raw_data, etag, content_hash)
      SELECT ${organizationId}, v.google_group_id, v.email, v.name, v.description,
        v.direct_members_count, v.user_group_id, v.raw_data, v.etag, v.content_hash
      FROM ${recordset(fresh, columns)}
      RETURNING id, google_group_id AS key`.execute(db)
      ).rows,
  );
}

export interface MemberMirrorRow {
  googleId: string;
  email: string | null;
  role: string;
  type: string;
  status: string | null;
  userId: number | null;
}

/** Replaces the mirrored members of a page's changed groups: one delete, one insert (`recordset`). */
export async function replaceMemberMirrors(
  db: Kysely<Database>,
  groups: { gwGroupId: number; members: MemberMirrorRow[] }[],
): Promise<void> {
  if (groups.length === 0) return;
  await db
    .deleteFrom('gw_group_members')
    .where(
      'gw_group_id',
      'in',
      groups.map((g) => g.gwGroupId),
    )
    .execute();
  const rows = groups.flatMap((g) =>
    g.members.map((m) => ({
      gw_group_id: g.gwGroupId,
      google_member_id: m.googleId,
      email: m.email,
      role: m.role,
      member_type: m.type,
      status: m.status,
      organization_user_id: m.userId,
    })),
  );
  if (rows.length === 0) return;
  await sql`
    INSERT INTO gw_group_members (gw_group_id, google_member_id, email, role, member_type, status,
      organization_user_id)
    SELECT v.gw_group_id, v.google_member_id, v.email, v.role, v.member_type, v.status, v.organization_user_id
    FROM ${recordset(rows, {
      gw_group_id: 'int',
      google_member_id: 'text',
      email: 'text',
      role: 'text',
      member_type: 'text',
      status: 'text',
      organization_user_id: 'int',
    })}
    ON CONFLICT DO NOTHING`.execute(db);
}
