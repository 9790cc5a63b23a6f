import { type Kysely, sql } from 'kysely';
import type { Database, Json } from '../../../core/db/schema.ts';

/**
 * SQL of the Google sync. Upserts carry `WHERE content_hash IS DISTINCT FROM excluded.content_hash`
 * so an unchanged record is never rewritten (no new row version, updated_at stays), and report
 * per row whether it was inserted (`xmax = 0`) or updated; rows not returned were unchanged.
 */

export type SeenKind = 'org_unit' | 'user' | 'group' | 'chromeos' | 'mobile' | 'license' | 'domain';

/** Records which ids a run saw (staging for archive-by-anti-join). */
export async function markSeen(
  db: Kysely<Database>,
  runId: number,
  kind: SeenKind,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insertInto('sync_seen')
    .values([...new Set(ids)].map((external_id) => ({ run_id: runId, kind, external_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Refreshes the planner's statistics of the staging table before the anti-joins: it was empty a
 * minute ago, and without fresh statistics PostgreSQL plans the archive step as nested scans
 * (minutes at 100k users instead of well under a second).
 */
export async function analyzeSeen(db: Kysely<Database>): Promise<void> {
  await sql`ANALYZE sync_seen`.execute(db);
}

export async function clearSeen(db: Kysely<Database>, runId: number): Promise<void> {
  await db.deleteFrom('sync_seen').where('run_id', '=', runId).execute();
}

export interface UpsertOutcome {
  created: number;
  updated: number;
}

const outcome = (rows: { inserted: boolean }[]): UpsertOutcome => ({
  created: rows.filter((r) => r.inserted).length,
  updated: rows.filter((r) => !r.inserted).length,
});

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
  return outcome(result);
}

/** Mirror rows and Helios users matching a page of Google users (by Google id, then by email). */
export async function usersForPage(
  db: Kysely<Database>,
  organizationId: number,
  googleIds: string[],
  emails: string[],
) {
  const [mirrors, users] = await Promise.all([
    db
      .selectFrom('gw_synced_users')
      .select(['google_user_id', 'content_hash', 'organization_user_id', 'archived_at'])
      .where('organization_id', '=', organizationId)
      .where('google_user_id', 'in', googleIds)
      .execute(),
    db
      .selectFrom('organization_users')
      .select(['id', 'email', 'google_workspace_id', 'archived_at', 'synced_from_google'])
      .where('organization_id', '=', organizationId)
      .where((eb) =>
        eb.or([
          eb('google_workspace_id', 'in', googleIds),
          eb(
            sql<string>`lower(email)`,
            'in',
            emails.map((e) => e.toLowerCase()),
          ),
        ]),
      )
      .execute(),
  ]);
  return { mirrors, users };
}

/** The Google-owned columns of a Helios user. */
export interface GoogleOwnedUser {
  email: string;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  department: string | null;
  phone: string | null;
  photo_url: string | null;
  google_workspace_id: string;
  google_workspace_ou: string | null;
  is_active: boolean;
}

export async function insertSyncedUsers(
  db: Kysely<Database>,
  organizationId: number,
  rows: GoogleOwnedUser[],
): Promise<{ id: number; google_workspace_id: string | null }[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('organization_users')
    .values(
      rows.map((r) => ({
        ...r,
        organization_id: organizationId,
        role: 'user',
        synced_from_google: true,
        last_synced_at: sql<Date>`now()`,
      })),
    )
    .returning(['id', 'google_workspace_id'])
    .execute();
}

/** Overwrites the Google-owned columns (never role, location, notes, tags…); un-archives. */
export async function updateSyncedUser(
  db: Kysely<Database>,
  id: number,
  row: GoogleOwnedUser,
): Promise<void> {
  await db
    .updateTable('organization_users')
    .set({ ...row, synced_from_google: true, last_synced_at: sql<Date>`now()`, archived_at: null })
    .where('id', '=', id)
    .execute();
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
  await db
    .insertInto('gw_synced_users')
    .values(
      rows.map((r) => ({
        organization_id: organizationId,
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
        raw_data: JSON.stringify(r.raw),
        etag: r.etag,
        content_hash: r.hash,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['organization_id', 'google_user_id']).doUpdateSet((eb) => ({
        primary_email: eb.ref('excluded.primary_email'),
        organization_user_id: eb.ref('excluded.organization_user_id'),
        given_name: eb.ref('excluded.given_name'),
        family_name: eb.ref('excluded.family_name'),
        full_name: eb.ref('excluded.full_name'),
        org_unit_path: eb.ref('excluded.org_unit_path'),
        is_suspended: eb.ref('excluded.is_suspended'),
        is_archived_in_google: eb.ref('excluded.is_archived_in_google'),
        is_admin: eb.ref('excluded.is_admin'),
        last_login_at: eb.ref('excluded.last_login_at'),
        raw_data: eb.ref('excluded.raw_data'),
        etag: eb.ref('excluded.etag'),
        content_hash: eb.ref('excluded.content_hash'),
        last_seen_at: sql`now()`,
        archived_at: null,
      })),
    )
    .execute();
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

/** Email (lower-case) → user id for the given emails. */
export async function userIdsByEmail(
  db: Kysely<Database>,
  organizationId: number,
  emails: string[],
): Promise<Map<string, number>> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('organization_users')
    .select(['id', sql<string>`lower(email)`.as('email')])
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(email)`, 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.email, r.id]));
}

export interface GroupRow {
  googleId: string;
  email: string;
  name: string;
  description: string | null;
  directMembersCount: number | null;
  raw: Json;
  etag: string | null;
  hash: string;
}

/** Upserts one group's mirror; returns its id, whether anything changed, and its Helios group. */
export async function upsertGroup(
  db: Kysely<Database>,
  organizationId: number,
  g: GroupRow,
): Promise<{ id: number; userGroupId: number | null; changed: 'created' | 'updated' | 'unchanged' }> {
  const existing = await db
    .selectFrom('gw_groups')
    .select(['id', 'content_hash', 'user_group_id', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where('google_group_id', '=', g.googleId)
    .executeTakeFirst();
  if (existing && existing.content_hash === g.hash && existing.archived_at === null) {
    return { id: existing.id, userGroupId: existing.user_group_id, changed: 'unchanged' };
  }
  // The Helios group mirrors it (named by the Google address, which is unique).
  let userGroupId = existing?.user_group_id ?? null;
  const groupValues = {
    name: g.email.slice(0, 200),
    email: g.email,
    description: g.name === g.email ? g.description : g.name,
    group_type: 'google',
    is_active: true,
    archived_at: null,
  };
  if (userGroupId === null) {
    const created = await db
      .insertInto('user_groups')
      .values({ organization_id: organizationId, ...groupValues })
      .onConflict((oc) => oc.columns(['organization_id', 'name']).doUpdateSet(groupValues))
      .returning('id')
      .executeTakeFirstOrThrow();
    userGroupId = created.id;
  } else {
    await db.updateTable('user_groups').set(groupValues).where('id', '=', userGroupId).execute();
  }
  const values = {
    email: g.email,
    name: g.name,
    description: g.description,
    direct_members_count: g.directMembersCount,
    user_group_id: userGroupId,
    raw_data: JSON.stringify(g.raw),
    etag: g.etag,
    content_hash: g.hash,
    archived_at: null,
  };
  if (existing) {
    await db
      .updateTable('gw_groups')
      .set({ ...values, last_seen_at: sql`now()` })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, userGroupId, changed: 'updated' };
  }
  const row = await db
    .insertInto('gw_groups')
    .values({ organization_id: organizationId, google_group_id: g.googleId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, userGroupId, changed: 'created' };
}

export interface MemberRow {
  googleId: string;
  email: string | null;
  role: string;
  type: string;
  status: string | null;
  userId: number | null;
}

/** Replaces a changed group's members (mirror and Helios memberships from Google). */
export async function replaceGroupMembers(
  db: Kysely<Database>,
  gwGroupId: number,
  userGroupId: number,
  members: MemberRow[],
): Promise<void> {
  await db.deleteFrom('gw_group_members').where('gw_group_id', '=', gwGroupId).execute();
  await db
    .deleteFrom('user_group_memberships')
    .where('group_id', '=', userGroupId)
    .where('source', '=', 'google')
    .execute();
  // Big groups (all-staff) have tens of thousands of members: insert in chunks, as one statement
  // may carry at most 65 535 parameters.
  for (const chunk of chunks(members, 2000)) {
    await db
      .insertInto('gw_group_members')
      .values(
        chunk.map((m) => ({
          gw_group_id: gwGroupId,
          google_member_id: m.googleId,
          email: m.email,
          role: m.role,
          member_type: m.type,
          status: m.status,
          organization_user_id: m.userId,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const users = [
    ...new Map(members.filter((m) => m.userId !== null).map((m) => [m.userId as number, m])).values(),
  ];
  for (const chunk of chunks(users, 5000)) {
    await db
      .insertInto('user_group_memberships')
      .values(
        chunk.map((m) => ({
          group_id: userGroupId,
          user_id: m.userId as number,
          role: m.role.toLowerCase(),
          source: 'google',
        })),
      )
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export interface DeviceRow {
  deviceId: string;
  name: string;
  assetType: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  os: string | null;
  osVersion: string | null;
  status: string;
  assignedToUserId: number | null;
  hash: string;
}

/** Upserts synced devices as assets; Helios-only fields (notes, location, vendor…) stay untouched. */
export async function upsertDevices(
  db: Kysely<Database>,
  organizationId: number,
  rows: DeviceRow[],
): Promise<UpsertOutcome> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const result = await db
    .insertInto('assets')
    .values(
      rows.map((r) => ({
        organization_id: organizationId,
        google_device_id: r.deviceId,
        name: r.name.slice(0, 200),
        asset_type: r.assetType,
        make: r.make,
        model: r.model,
        serial_number: r.serial,
        os: r.os,
        os_version: r.osVersion,
        status: r.status,
        assigned_to_user_id: r.assignedToUserId,
        synced_from_google: true,
        last_synced_at: sql<Date>`now()`,
        google_content_hash: r.hash,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'google_device_id'])
        .where('google_device_id', 'is not', null)
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          asset_type: eb.ref('excluded.asset_type'),
          make: eb.ref('excluded.make'),
          model: eb.ref('excluded.model'),
          serial_number: eb.ref('excluded.serial_number'),
          os: eb.ref('excluded.os'),
          os_version: eb.ref('excluded.os_version'),
          status: eb.ref('excluded.status'),
          assigned_to_user_id: eb.ref('excluded.assigned_to_user_id'),
          synced_from_google: true,
          last_synced_at: sql`now()`,
          google_content_hash: eb.ref('excluded.google_content_hash'),
          archived_at: null,
        }))
        .where(
          sql<boolean>`assets.google_content_hash IS DISTINCT FROM excluded.google_content_hash OR assets.archived_at IS NOT NULL`,
        ),
    )
    .returning(['id', 'assigned_to_user_id', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  // The assignee also gets the user ↔ asset link (links a person made are never removed).
  const links = result
    .filter((r) => r.assigned_to_user_id !== null)
    .map((r) => ({ user_id: r.assigned_to_user_id as number, asset_id: r.id }));
  if (links.length > 0)
    await db
      .insertInto('user_assets')
      .values(links)
      .onConflict((oc) => oc.doNothing())
      .execute();
  return outcome(result);
}

/** The synced license row of a SKU (created once), by SKU id. */
export async function ensureSkuLicense(
  db: Kysely<Database>,
  organizationId: number,
  sku: { skuId: string; name: string; productId: string },
): Promise<{ id: number; created: boolean }> {
  const existing = await db
    .selectFrom('software_licenses')
    .select(['id', 'archived_at', 'name'])
    .where('organization_id', '=', organizationId)
    .where('google_license_sku', '=', sku.skuId)
    .executeTakeFirst();
  if (existing) {
    if (existing.archived_at !== null || existing.name !== sku.name) {
      await db
        .updateTable('software_licenses')
        .set({ archived_at: null, name: sku.name })
        .where('id', '=', existing.id)
        .execute();
    }
    return { id: existing.id, created: false };
  }
  const row = await db
    .insertInto('software_licenses')
    .values({
      organization_id: organizationId,
      name: sku.name,
      license_type: 'subscription',
      google_license_sku: sku.skuId,
      google_product_id: sku.productId,
      synced_from_google: true,
      last_synced_at: sql<Date>`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

export async function insertLicenseAssignments(
  db: Kysely<Database>,
  rows: { userId: number; licenseId: number }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('user_software_licenses')
    .values(rows.map((r) => ({ user_id: r.userId, software_license_id: r.licenseId })))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface DomainRow {
  name: string;
  verified: boolean;
  isPrimary: boolean;
}

export async function upsertDomain(
  db: Kysely<Database>,
  organizationId: number,
  d: DomainRow,
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await db
    .selectFrom('domains')
    .select(['id', 'is_google_workspace_domain', 'google_domain_verified', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(name)`, '=', d.name.toLowerCase())
    .orderBy('archived_at', 'desc')
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('domains')
      .values({
        organization_id: organizationId,
        name: d.name.toLowerCase(),
        is_google_workspace_domain: true,
        google_domain_verified: d.verified,
      })
      .execute();
    return 'created';
  }
  if (
    existing.is_google_workspace_domain &&
    existing.google_domain_verified === d.verified &&
    existing.archived_at === null
  )
    return 'unchanged';
  await db
    .updateTable('domains')
    .set({ is_google_workspace_domain: true, google_domain_verified: d.verified, archived_at: null })
    .where('id', '=', existing.id)
    .execute();
  return 'updated';
}

/** How many synced rows of a kind are live, and how many of them this run did not see. */
export async function vanished(
  db: Kysely<Database>,
  organizationId: number,
  runId: number,
  kind: SeenKind,
): Promise<{ live: number; missing: number }> {
  const q = VANISHED[kind];
  if (!q) return { live: 0, missing: 0 };
  const { rows } = await q(organizationId, runId).execute(db);
  return { live: Number(rows[0]?.live ?? 0), missing: Number(rows[0]?.missing ?? 0) };
}

type CountQuery = (org: number, run: number) => ReturnType<typeof sql<{ live: number; missing: number }>>;
const VANISHED: Partial<Record<SeenKind, CountQuery>> = {
  user: (org, run) => sql<{ live: number; missing: number }>`
    SELECT count(*)::int AS live,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${run} AND s.kind = 'user' AND s.external_id = u.google_workspace_id))::int AS missing
    FROM organization_users u WHERE u.organization_id = ${org} AND u.synced_from_google AND u.archived_at IS NULL AND u.google_workspace_id IS NOT NULL`,
  chromeos: (org, run) => sql<{ live: number; missing: number }>`
    SELECT count(*)::int AS live,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${run} AND s.kind IN ('chromeos', 'mobile') AND s.external_id = a.google_device_id))::int AS missing
    FROM assets a WHERE a.organization_id = ${org} AND a.synced_from_google AND a.archived_at IS NULL AND a.google_device_id IS NOT NULL`,
};

/** Archives (never deletes) what vanished from complete listings; returns counts per kind. */
export async function archiveVanished(db: Kysely<Database>, organizationId: number, runId: number) {
  const seen = (kind: string, column: string) =>
    sql`NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = ${kind} AND s.external_id = ${sql.ref(column)})`;
  const users = await sql`
    UPDATE organization_users u SET archived_at = now(), is_active = false
    WHERE u.organization_id = ${organizationId} AND u.synced_from_google AND u.archived_at IS NULL
      AND u.google_workspace_id IS NOT NULL AND ${seen('user', 'u.google_workspace_id')}`.execute(db);
  await sql`
    UPDATE gw_synced_users g SET archived_at = now()
    WHERE g.organization_id = ${organizationId} AND g.archived_at IS NULL AND ${seen('user', 'g.google_user_id')}`.execute(
    db,
  );
  const devices = await sql`
    UPDATE assets a SET archived_at = now()
    WHERE a.organization_id = ${organizationId} AND a.synced_from_google AND a.archived_at IS NULL AND a.google_device_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind IN ('chromeos', 'mobile') AND s.external_id = a.google_device_id)`.execute(
    db,
  );
  const groups = await sql`
    UPDATE gw_groups g SET archived_at = now()
    WHERE g.organization_id = ${organizationId} AND g.archived_at IS NULL AND ${seen('group', 'g.google_group_id')}`.execute(
    db,
  );
  await sql`
    UPDATE user_groups ug SET archived_at = now(), is_active = false
    FROM gw_groups g WHERE g.user_group_id = ug.id AND g.organization_id = ${organizationId}
      AND g.archived_at IS NOT NULL AND ug.archived_at IS NULL`.execute(db);
  const orgUnits = await sql`
    UPDATE gw_org_units o SET archived_at = now()
    WHERE o.organization_id = ${organizationId} AND o.archived_at IS NULL AND ${seen('org_unit', 'o.org_unit_id')}`.execute(
    db,
  );
  // A license assignment that vanished is simply over; a SKU no one holds any more is archived.
  const assignments = await sql`
    DELETE FROM user_software_licenses usl
    USING software_licenses l, organization_users u
    WHERE usl.software_license_id = l.id AND usl.user_id = u.id
      AND l.organization_id = ${organizationId} AND l.google_license_sku IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'license'
                      AND s.external_id = l.google_license_sku || ':' || lower(u.email))`.execute(db);
  const licenses = await sql`
    UPDATE software_licenses l SET archived_at = now()
    WHERE l.organization_id = ${organizationId} AND l.google_license_sku IS NOT NULL AND l.archived_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'license'
                      AND s.external_id LIKE l.google_license_sku || ':%')`.execute(db);
  const domains = await sql`
    UPDATE domains d SET is_google_workspace_domain = false
    WHERE d.organization_id = ${organizationId} AND d.is_google_workspace_domain
      AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'domain' AND s.external_id = lower(d.name))`.execute(
    db,
  );
  const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
  return {
    users: n(users),
    devices: n(devices),
    groups: n(groups),
    orgUnits: n(orgUnits),
    licenseAssignments: n(assignments),
    licenses: n(licenses),
    domains: n(domains),
  };
}

/** Seats in use = assignments, written only where the number changed. */
export async function refreshSeatCounts(db: Kysely<Database>, organizationId: number): Promise<void> {
  await sql`
    UPDATE software_licenses l SET seats = c.n, last_synced_at = now()
    FROM (SELECT l2.id, (SELECT count(*) FROM user_software_licenses u WHERE u.software_license_id = l2.id)::int AS n
          FROM software_licenses l2 WHERE l2.organization_id = ${organizationId} AND l2.google_license_sku IS NOT NULL) c
    WHERE l.id = c.id AND l.seats IS DISTINCT FROM c.n`.execute(db);
}
