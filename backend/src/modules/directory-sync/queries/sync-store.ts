import { type Expression, type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, OrganizationUsers } from '../../../core/db/schema.ts';
import type {
  DirectoryDevice,
  MirrorTable,
  ProviderColumns,
  SeenKind,
  UpsertOutcome,
} from '../engine/provider.ts';

/*
 * The SQL of the sync engine: the shared tables every provider writes (people, groups and
 * memberships, devices, licenses, domains), the staging of what a run saw, and archiving what
 * vanished. Provider columns come from the provider's `ProviderColumns` (code, never input).
 * Upserts carry `WHERE content_hash IS DISTINCT FROM excluded.content_hash` so an unchanged record
 * is never rewritten (no new row version, updated_at stays), and report per row whether it was
 * inserted (`xmax = 0`) or updated; rows not returned were unchanged.
 */

/** Records which ids a run saw (staging for archive-by-anti-join): one array parameter a page. */
export async function markSeen(
  db: Kysely<Database>,
  runId: number,
  kind: SeenKind,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    INSERT INTO sync_seen (run_id, kind, external_id)
    SELECT ${runId}, ${kind}, id FROM unnest(${[...new Set(ids)]}::text[]) AS id
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * A sync page's transaction commits without waiting for its WAL flush (engine.ts `pageWrites`):
 * only that transaction, never the connection's later ones.
 */
export async function relaxCommit(trx: Kysely<Database>): Promise<void> {
  await sql`SET LOCAL synchronous_commit = off`.execute(trx);
}

/** Fresh planner statistics of the people table and the provider's mirror after a phase filled them (a first sync). */
export async function analyzeUsers(db: Kysely<Database>, mirror: MirrorTable): Promise<void> {
  await sql`ANALYZE organization_users, ${sql.table(mirror.table)}`.execute(db);
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

const outcome = (rows: { inserted: boolean }[]): UpsertOutcome => ({
  created: rows.filter((r) => r.inserted).length,
  updated: rows.filter((r) => !r.inserted).length,
});

/**
 * A page's rows as one jsonb parameter, read back in SQL as a typed record set aliased `v`
 * (`FROM ${recordset(rows, { id: 'int', email: 'text' })}`). A bulk write with it is one short
 * statement whatever the page's size: a multi-row VALUES list carries a parameter per cell (7 500
 * for a page of 500 people), and PostgreSQL's parse and bind of those took longer than the insert
 * itself. Column names and types are code, never input.
 */
export function recordset(
  rows: readonly object[],
  columns: Readonly<Record<string, string>>,
): RawBuilder<unknown> {
  const definition = Object.entries(columns)
    .map(([column, type]) => `${column} ${type}`)
    .join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${sql.raw(definition)})`;
}

/**
 * `expr IN (the array's elements)` as a semi-join on `unnest`: PostgreSQL looks each key up in the
 * expression's index whatever its statistics say, where a long `= ANY(array)` was planned as a
 * scan of the whole table once the table had grown since its last ANALYZE (a first sync).
 */
export function inArray(expr: Expression<unknown>, values: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${expr} IN (SELECT unnest(${[...values]}::text[]))`;
}

// ——— People ———

type UserIdColumn = ProviderColumns['users']['externalId'];
type OrgUnitColumn = NonNullable<ProviderColumns['users']['orgUnit']>;

/** The provider-owned columns of a Helios user (never role, location, notes, tags…). */
export type OwnedUser = Required<
  Pick<
    Insertable<OrganizationUsers>,
    'email' | 'first_name' | 'last_name' | 'title' | 'department' | 'phone' | 'photo_url' | 'is_active'
  >
> &
  Partial<Record<UserIdColumn | OrgUnitColumn, string | null>>;

/** Helios users matching a page of listed people, by the provider's id or by email. */
export async function usersByIdOrEmail(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['users'],
  externalIds: string[],
  emails: string[],
): Promise<
  {
    id: number;
    email: string;
    externalId: string | null;
    archivedAt: Date | null;
    isActive: boolean;
    deferred: boolean;
  }[]
> {
  // Two index lookups joined by UNION, each key list as one array read by `unnest`: with an OR of
  // two `= ANY(array)` conditions PostgreSQL planned a scan of every person of the organization
  // per page (100 ms at 100k people, 200 pages a run).
  const select = (match: RawBuilder<boolean>) => sql`
    SELECT id, email, ${sql.ref(columns.externalId)} AS external_id, archived_at, is_active,
      ${sql.ref(columns.defersTo ?? columns.synced)} AS outranked
    FROM organization_users WHERE organization_id = ${organizationId} AND ${match}`;
  const { rows } = await sql<{
    id: number;
    email: string;
    external_id: string | null;
    archived_at: Date | null;
    is_active: boolean;
    outranked: boolean;
  }>`${select(inArray(sql.ref(columns.externalId), externalIds))}
    UNION ${select(
      inArray(
        sql`lower(email)`,
        emails.map((e) => e.toLowerCase()),
      ),
    )}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    externalId: r.external_id,
    archivedAt: r.archived_at,
    isActive: r.is_active,
    deferred: columns.defersTo !== undefined && r.outranked,
  }));
}

/**
 * Deactivates synced people the provider reported deleted (by e-mail), leaving them unarchived:
 * only a complete listing archives. Returns how many changed.
 */
export async function deactivateSyncedUsers(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['users'],
  emails: readonly string[],
): Promise<number> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return 0;
  const result = await db
    .updateTable('organization_users')
    .set({ is_active: false, last_synced_at: sql<Date>`now()` })
    .where('organization_id', '=', organizationId)
    .where(columns.synced, '=', true)
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .where(sql<string>`lower(email)`, 'in', wanted)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The provider-owned columns of a person as the bulk writes below pass them (`recordset`). */
const PERSON_COLUMNS = {
  email: 'text',
  first_name: 'text',
  last_name: 'text',
  title: 'text',
  department: 'text',
  phone: 'text',
  photo_url: 'text',
  is_active: 'boolean',
  external_id: 'text',
  org_unit: 'text',
} as const;

/**
 * Inserts a page's new people in one statement, each row written once with its manager: the rows
 * arrive as one jsonb parameter, take their ids from the table's sequence first, and a manager is
 * resolved in the same statement — an existing person of the organization, or another new row of
 * the page (the foreign key is checked at the statement's end, so the order of rows does not
 * matter). A manager who is neither (listed on a later page) is left to the mirror's manager pass.
 * Returns the new ids by the provider's id.
 */
export async function insertSyncedUsers(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['users'],
  rows: { owned: OwnedUser; manager: string | null }[],
): Promise<{ id: number; externalId: string | null }[]> {
  if (rows.length === 0) return [];
  const orgUnit = columns.orgUnit;
  const data = rows.map(({ owned, manager }) => ({
    email: owned.email,
    first_name: owned.first_name,
    last_name: owned.last_name,
    title: owned.title,
    department: owned.department,
    phone: owned.phone,
    photo_url: owned.photo_url,
    is_active: owned.is_active,
    external_id: owned[columns.externalId] ?? null,
    org_unit: orgUnit ? (owned[orgUnit] ?? null) : null,
    manager: manager?.toLowerCase() ?? null,
  }));
  const { rows: inserted } = await sql<{ id: number; external_id: string | null }>`
    WITH v AS MATERIALIZED (
      SELECT v.*, nextval(pg_get_serial_sequence('organization_users', 'id'))::int AS id
      FROM ${recordset(data, { ...PERSON_COLUMNS, manager: 'text' })}
    )
    INSERT INTO organization_users (id, organization_id, email, first_name, last_name, title,
      department, phone, photo_url, is_active, ${sql.ref(columns.externalId)},
      ${orgUnit ? sql`${sql.ref(orgUnit)},` : sql``} role, ${sql.ref(columns.synced)}, last_synced_at, manager_id)
    OVERRIDING SYSTEM VALUE
    SELECT v.id, ${organizationId}, v.email, v.first_name, v.last_name, v.title, v.department, v.phone,
      v.photo_url, v.is_active, v.external_id, ${orgUnit ? sql`v.org_unit,` : sql``} 'user', true, now(),
      CASE WHEN v.manager = v.email THEN NULL ELSE coalesce(
        (SELECT m.id FROM organization_users m
         WHERE m.organization_id = ${organizationId} AND lower(m.email) = v.manager LIMIT 1),
        (SELECT n.id FROM v n WHERE n.email = v.manager LIMIT 1)) END
    FROM v
    RETURNING id, ${sql.ref(columns.externalId)} AS external_id`.execute(db);
  return inserted.map((r) => ({ id: r.id, externalId: r.external_id }));
}

/**
 * Overwrites the provider-owned columns of a page's changed people and un-archives them: one
 * statement, the rows passed as one jsonb parameter (so a page of any size fits).
 */
export async function updateSyncedUsers(
  db: Kysely<Database>,
  columns: ProviderColumns['users'],
  rows: { id: number; owned: OwnedUser }[],
): Promise<void> {
  if (rows.length === 0) return;
  const orgUnit = columns.orgUnit;
  const data = rows.map(({ id, owned }) => ({
    id,
    email: owned.email,
    first_name: owned.first_name,
    last_name: owned.last_name,
    title: owned.title,
    department: owned.department,
    phone: owned.phone,
    photo_url: owned.photo_url,
    is_active: owned.is_active,
    external_id: owned[columns.externalId] ?? null,
    org_unit: orgUnit ? (owned[orgUnit] ?? null) : null,
  }));
  await sql`
    UPDATE organization_users u SET
      email = v.email, first_name = v.first_name, last_name = v.last_name, title = v.title,
      department = v.department, phone = v.phone, photo_url = v.photo_url, is_active = v.is_active,
      ${sql.ref(columns.externalId)} = v.external_id,
      ${orgUnit ? sql`${sql.ref(orgUnit)} = v.org_unit,` : sql``}
      ${sql.ref(columns.synced)} = true, last_synced_at = now(), archived_at = NULL
    FROM ${recordset(data, { id: 'int', ...PERSON_COLUMNS })}
    WHERE u.id = v.id`.execute(db);
}

/**
 * Links people another provider outranks (ProviderColumns.users.defersTo): only this provider's
 * id and flag, never the shared fields, the active flag or the archive state. One statement.
 */
export async function linkSyncedUsers(
  db: Kysely<Database>,
  columns: ProviderColumns['users'],
  rows: { id: number; externalId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({ id: r.id, external_id: r.externalId }));
  await sql`
    UPDATE organization_users u
    SET ${sql.ref(columns.externalId)} = v.external_id, ${sql.ref(columns.synced)} = true
    FROM ${recordset(data, { id: 'int', external_id: 'text' })}
    WHERE u.id = v.id`.execute(db);
}

/**
 * Email (lower-case) → user id for the given emails. One array parameter, not one per address: a
 * page of groups may name a hundred thousand members (an all-staff group), past the 65 535
 * parameters a statement may carry.
 */
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
    .where(inArray(sql`lower(email)`, wanted))
    .execute();
  return new Map(rows.map((r) => [r.email, r.id]));
}

// ——— Groups ———

/**
 * A page's rows written as updates of the known ones (`id` set) and inserts of the new ones, one
 * statement each way; returns the ids in the rows' order — a new row's from `insert`, matched back
 * by `keyOf` (a provider id, a name).
 */
export async function saveKnownAndNew<R extends { id: number | null }>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  update: (known: R[]) => Promise<unknown>,
  insert: (fresh: R[]) => Promise<{ id: number; key: string }[]>,
): Promise<number[]> {
  const known = rows.filter((r) => r.id !== null);
  if (known.length > 0) await update(known);
  const fresh = rows.filter((r) => r.id === null);
  const created = new Map(fresh.length > 0 ? (await insert(fresh)).map((r) => [r.key, r.id]) : []);
  return rows.map((r) => r.id ?? (created.get(keyOf(r)) as number));
}

/**
 * Creates or updates the Helios groups a page's changed provider groups are mirrored to; returns
 * their ids in order. Two statements for the page (updates of known groups, then inserts), not two
 * per group. A group is named by its address, which is unique; one without an address by its name —
 * two such groups of one name are one Helios group, as when they were written one by one.
 */
export async function saveUserGroups(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['groups'],
  groups: { userGroupId: number | null; email: string | null; name: string; description: string | null }[],
): Promise<number[]> {
  const rows = groups.map((g) => ({
    id: g.userGroupId,
    name: (g.email ?? g.name).slice(0, 200),
    email: g.email,
    description: g.description,
  }));
  const columnsOf = { id: 'int', name: 'text', email: 'text', description: 'text' } as const;
  return saveKnownAndNew(
    rows,
    (r) => r.name,
    (known) =>
      sql`
        UPDATE user_groups g SET name = v.name, email = v.email, description = v.description,
          group_type = ${columns.groupType}, is_active = true, archived_at = NULL
        FROM ${recordset(known, columnsOf)} WHERE g.id = v.id`.execute(db),
    async (fresh) => {
      // By name, the last of a name winning (ON CONFLICT may touch a row once per statement).
      const unique = [...new Map(fresh.map((r) => [r.name, r])).values()];
      const { rows: inserted } = await sql<{ id: number; key: string }>`
        INSERT INTO user_groups (organization_id, name, email, description, group_type, is_active)
        SELECT ${organizationId}, v.name, v.email, v.description, ${columns.groupType}, true
        FROM ${recordset(unique, columnsOf)}
        ON CONFLICT (organization_id, name) DO UPDATE SET email = excluded.email,
          description = excluded.description, group_type = excluded.group_type, is_active = true,
          archived_at = NULL
        RETURNING id, name AS key`.execute(db);
      return inserted;
    },
  );
}

/**
 * Replaces the provider's memberships of a page's changed groups (people only; one row per person
 * and group): one delete, one insert.
 */
export async function replaceMemberships(
  db: Kysely<Database>,
  columns: ProviderColumns['groups'],
  groups: { userGroupId: number; members: { userId: number | null; role: string }[] }[],
): Promise<void> {
  if (groups.length === 0) return;
  await db
    .deleteFrom('user_group_memberships')
    .where(
      'group_id',
      'in',
      groups.map((g) => g.userGroupId),
    )
    .where('source', '=', columns.membershipSource)
    .execute();
  const users = groups.flatMap((g) => [
    ...new Map(
      g.members
        .filter((m) => m.userId !== null)
        .map((m) => [m.userId as number, { ...m, userGroupId: g.userGroupId }]),
    ).values(),
  ]);
  if (users.length === 0) return;
  const data = users.map((m) => ({ group_id: m.userGroupId, user_id: m.userId, role: m.role.toLowerCase() }));
  await sql`
    INSERT INTO user_group_memberships (group_id, user_id, role, source)
    SELECT v.group_id, v.user_id, v.role, ${columns.membershipSource}
    FROM ${recordset(data, { group_id: 'int', user_id: 'int', role: 'text' })}
    ON CONFLICT (group_id, user_id) DO NOTHING`.execute(db);
}

/**
 * Big groups (all-staff) have tens of thousands of members: statements insert them in chunks, as
 * one statement may carry at most 65 535 parameters.
 */
export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

// ——— Devices ———

/** A provider's device as the engine writes it: its user resolved, its content hashed. */
export type DeviceRow = Omit<DirectoryDevice, 'userEmail'> & {
  assignedToUserId: number | null;
  hash: string;
};

/** Upserts synced devices as assets; Helios-only fields (notes, location, vendor…) stay untouched. */
export async function upsertDevices(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['assets'],
  rows: DeviceRow[],
): Promise<UpsertOutcome> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const { externalId, contentHash, synced } = columns;
  const data = rows.map((r) => ({
    external_id: r.externalId,
    name: r.name.slice(0, 200),
    asset_type: r.assetType,
    make: r.make,
    model: r.model,
    serial_number: r.serial,
    os: r.os,
    os_version: r.osVersion,
    status: r.status,
    assigned_to_user_id: r.assignedToUserId,
    compliance_state: r.management?.compliance ?? null,
    last_check_in_at: r.management?.lastCheckInAt ?? null,
    content_hash: r.hash,
  }));
  const { rows: result } = await sql<{ id: number; assigned_to_user_id: number | null; inserted: boolean }>`
    INSERT INTO assets AS a (organization_id, ${sql.ref(externalId)}, name, asset_type, make, model,
      serial_number, os, os_version, status, assigned_to_user_id, compliance_state, last_check_in_at,
      ${sql.ref(synced)}, last_synced_at, ${sql.ref(contentHash)})
    SELECT ${organizationId}, v.external_id, v.name, v.asset_type, v.make, v.model, v.serial_number,
      v.os, v.os_version, v.status, v.assigned_to_user_id, v.compliance_state, v.last_check_in_at,
      true, now(), v.content_hash
    FROM ${recordset(data, {
      external_id: 'text',
      name: 'text',
      asset_type: 'text',
      make: 'text',
      model: 'text',
      serial_number: 'text',
      os: 'text',
      os_version: 'text',
      status: 'text',
      assigned_to_user_id: 'int',
      compliance_state: 'text',
      last_check_in_at: 'timestamptz',
      content_hash: 'text',
    })}
    ON CONFLICT (organization_id, ${sql.ref(externalId)}) WHERE ${sql.ref(externalId)} IS NOT NULL
    DO UPDATE SET name = excluded.name, asset_type = excluded.asset_type, make = excluded.make,
      model = excluded.model, serial_number = excluded.serial_number, os = excluded.os,
      os_version = excluded.os_version, status = excluded.status,
      assigned_to_user_id = excluded.assigned_to_user_id, compliance_state = excluded.compliance_state,
      last_check_in_at = excluded.last_check_in_at, ${sql.ref(synced)} = true, last_synced_at = now(),
      ${sql.ref(contentHash)} = excluded.${sql.ref(contentHash)}, archived_at = NULL
    WHERE a.${sql.ref(contentHash)} IS DISTINCT FROM excluded.${sql.ref(contentHash)} OR a.archived_at IS NOT NULL
    RETURNING a.id, a.assigned_to_user_id, (xmax = 0) AS inserted`.execute(db);
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

// ——— Licenses ———

/** The synced license row of a SKU (created once), by SKU id. */
export async function ensureSkuLicense(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['licenses'],
  sku: { id: string; name: string; productId: string },
): Promise<{ id: number; created: boolean }> {
  const existing = await db
    .selectFrom('software_licenses')
    .select(['id', 'archived_at', 'name'])
    .where('organization_id', '=', organizationId)
    .where(columns.sku, '=', sku.id)
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
      [columns.sku]: sku.id,
      [columns.product]: sku.productId,
      [columns.synced]: true,
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
  const data = rows.map((r) => ({ user_id: r.userId, software_license_id: r.licenseId }));
  const result = await sql`
    INSERT INTO user_software_licenses (user_id, software_license_id)
    SELECT v.user_id, v.software_license_id
    FROM ${recordset(data, { user_id: 'int', software_license_id: 'int' })}
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// ——— Domains ———

export async function upsertDomain(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['domains'],
  d: { name: string; verified: boolean },
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await db
    .selectFrom('domains')
    .select(['id', `${columns.listed} as listed`, `${columns.verified} as verified`, 'archived_at'])
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
        [columns.listed]: true,
        [columns.verified]: d.verified,
      })
      .execute();
    return 'created';
  }
  if (existing.listed && existing.verified === d.verified && existing.archived_at === null)
    return 'unchanged';
  await db
    .updateTable('domains')
    .set({ [columns.listed]: true, [columns.verified]: d.verified, archived_at: null })
    .where('id', '=', existing.id)
    .execute();
  return 'updated';
}

// ——— What vanished ———

/**
 * Which synced rows vanished: those a full pass did not stage (`kinds` of this run: an anti-join),
 * or those a delta named as removed.
 */
export type VanishedScope = { runId: number; kinds: readonly SeenKind[] } | { ids: readonly string[] };

function vanishedAt(scope: VanishedScope, column: string): RawBuilder<boolean> {
  const ref = sql.ref(column);
  if ('ids' in scope) {
    return scope.ids.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`${ref} IN (${sql.join([...scope.ids])})`;
  }
  const kind =
    scope.kinds.length === 1
      ? sql`s.kind = ${scope.kinds[0]}`
      : sql`s.kind IN (${sql.join([...scope.kinds])})`;
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${scope.runId} AND ${kind} AND s.external_id = ${ref})`;
}

const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/** How many synced people or devices are live, and how many of them vanished (the guard's figures). */
export async function countVanished(
  db: Kysely<Database>,
  organizationId: number,
  what: { users: ProviderColumns['users'] } | { assets: ProviderColumns['assets'] },
  scope: VanishedScope,
): Promise<{ live: number; missing: number }> {
  const [table, columns] =
    'users' in what ? (['organization_users', what.users] as const) : (['assets', what.assets] as const);
  const { rows } = await sql<{ live: number; missing: number }>`
    SELECT count(*)::int AS live,
           count(*) FILTER (WHERE ${vanishedAt(scope, `t.${columns.externalId}`)})::int AS missing
    FROM ${sql.table(table)} t
    WHERE t.organization_id = ${organizationId} AND ${sql.ref(`t.${columns.synced}`)} AND t.archived_at IS NULL
      AND ${sql.ref(`t.${columns.externalId}`)} IS NOT NULL`.execute(db);
  return { live: Number(rows[0]?.live ?? 0), missing: Number(rows[0]?.missing ?? 0) };
}

/** Archives (never deletes) synced people who vanished; they become inactive too. */
export async function archiveUsers(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['users'],
  scope: VanishedScope,
): Promise<number> {
  return affected(
    await sql`
      UPDATE organization_users u SET archived_at = now(), is_active = false
      WHERE u.organization_id = ${organizationId} AND ${sql.ref(`u.${columns.synced}`)} AND u.archived_at IS NULL
        ${columns.defersTo ? sql`AND NOT ${sql.ref(`u.${columns.defersTo}`)}` : sql``}
        AND ${sql.ref(`u.${columns.externalId}`)} IS NOT NULL AND ${vanishedAt(scope, `u.${columns.externalId}`)}`.execute(
      db,
    ),
  );
}

/**
 * People who vanished from this provider but are synced by the provider it defers to: no longer
 * this provider's (the flag is cleared, the id kept for a return), neither archived nor deactivated.
 */
export async function releaseDeferredUsers(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['users'],
  scope: VanishedScope,
): Promise<number> {
  if (columns.defersTo === undefined) return 0;
  return affected(
    await sql`
      UPDATE organization_users u SET ${sql.ref(columns.synced)} = false
      WHERE u.organization_id = ${organizationId} AND ${sql.ref(`u.${columns.synced}`)} AND ${sql.ref(`u.${columns.defersTo}`)}
        AND ${sql.ref(`u.${columns.externalId}`)} IS NOT NULL AND ${vanishedAt(scope, `u.${columns.externalId}`)}`.execute(
      db,
    ),
  );
}

export async function archiveDevices(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['assets'],
  scope: VanishedScope,
): Promise<number> {
  return affected(
    await sql`
      UPDATE assets a SET archived_at = now()
      WHERE a.organization_id = ${organizationId} AND ${sql.ref(`a.${columns.synced}`)} AND a.archived_at IS NULL
        AND ${sql.ref(`a.${columns.externalId}`)} IS NOT NULL AND ${vanishedAt(scope, `a.${columns.externalId}`)}`.execute(
      db,
    ),
  );
}

/** Archives a provider's mirror rows that vanished (its people, groups, org units…). */
export async function archiveMirror(
  db: Kysely<Database>,
  organizationId: number,
  mirror: MirrorTable,
  scope: VanishedScope,
): Promise<number> {
  return affected(
    await sql`
      UPDATE ${sql.table(mirror.table)} m SET archived_at = now()
      WHERE m.organization_id = ${organizationId} AND m.archived_at IS NULL
        AND ${vanishedAt(scope, `m.${mirror.externalId}`)}`.execute(db),
  );
}

/** The Helios groups of archived mirror groups follow them (their `user_group_id`). */
export async function archiveUserGroupsOf(
  db: Kysely<Database>,
  organizationId: number,
  mirror: MirrorTable,
): Promise<void> {
  await sql`
    UPDATE user_groups ug SET archived_at = now(), is_active = false
    FROM ${sql.table(mirror.table)} g WHERE g.user_group_id = ug.id AND g.organization_id = ${organizationId}
      AND g.archived_at IS NOT NULL AND ug.archived_at IS NULL`.execute(db);
}

/**
 * A license assignment that vanished from a complete listing is simply over (deleted); a SKU no
 * one holds any more is archived. Returns the number of SKUs archived.
 */
export async function archiveLicenses(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['licenses'],
  runId: number,
): Promise<number> {
  const sku = (alias: string) => sql.ref(`${alias}.${columns.sku}`);
  await sql`
    DELETE FROM user_software_licenses usl
    USING software_licenses l, organization_users u
    WHERE usl.software_license_id = l.id AND usl.user_id = u.id
      AND l.organization_id = ${organizationId} AND ${sku('l')} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'license'
                      AND s.external_id = ${sku('l')} || ':' || lower(u.email))`.execute(db);
  return affected(
    await sql`
      UPDATE software_licenses l SET archived_at = now()
      WHERE l.organization_id = ${organizationId} AND ${sku('l')} IS NOT NULL AND l.archived_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'license'
                        AND s.external_id LIKE ${sku('l')} || ':%')`.execute(db),
  );
}

/**
 * An incremental run's license step: the synced assignments of these people (e-mails) that this
 * run did not list are revoked; nobody else's are touched. Returns how many were revoked.
 */
export async function revokeUnlistedLicensesOf(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['licenses'],
  runId: number,
  emails: readonly string[],
): Promise<number> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return 0;
  const sku = (alias: string) => sql.ref(`${alias}.${columns.sku}`);
  return affected(
    await sql`
      DELETE FROM user_software_licenses usl
      USING software_licenses l, organization_users u
      WHERE usl.software_license_id = l.id AND usl.user_id = u.id
        AND l.organization_id = ${organizationId} AND ${sku('l')} IS NOT NULL
        AND lower(u.email) IN (${sql.join(wanted)})
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'license'
                        AND s.external_id = ${sku('l')} || ':' || lower(u.email))`.execute(db),
  );
}

/** Seats in use = assignments, written only where the number changed. */
export async function refreshSeatCounts(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['licenses'],
): Promise<void> {
  await sql`
    UPDATE software_licenses l SET seats = c.n, last_synced_at = now()
    FROM (SELECT l2.id, (SELECT count(*) FROM user_software_licenses u WHERE u.software_license_id = l2.id)::int AS n
          FROM software_licenses l2 WHERE l2.organization_id = ${organizationId} AND ${sql.ref(`l2.${columns.sku}`)} IS NOT NULL) c
    WHERE l.id = c.id AND l.seats IS DISTINCT FROM c.n`.execute(db);
}

/** A domain the provider no longer lists stays a Helios domain; it is just no longer the provider's. */
export async function unlistDomains(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['domains'],
  runId: number,
): Promise<number> {
  return affected(
    await sql`
      UPDATE domains d SET ${sql.ref(columns.listed)} = false
      WHERE d.organization_id = ${organizationId} AND ${sql.ref(`d.${columns.listed}`)}
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.run_id = ${runId} AND s.kind = 'domain' AND s.external_id = lower(d.name))`.execute(
      db,
    ),
  );
}
