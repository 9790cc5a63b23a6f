import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/**
 * The seed's profile counts for one user, in one query: assets (assigned to them or linked through
 * user_assets), credentials (user_credentials), open-or-closed tickets about them (related_user_id)
 * and software licenses (user_software_licenses). Archived records are not counted.
 */
export async function userProfileCounts(
  db: Kysely<Database>,
  userId: number,
): Promise<{ assets: number; credentials: number; tickets: number; licenses: number }> {
  // Each count walks an index from the user (the UNION keeps assets both assigned and linked single).
  const result = await sql<{ assets: number; credentials: number; tickets: number; licenses: number }>`
    SELECT
      (SELECT count(*) FROM assets a WHERE a.archived_at IS NULL AND a.id IN (
         SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = ${userId}
         UNION SELECT x.id FROM assets x WHERE x.assigned_to_user_id = ${userId}))::int AS assets,
      (SELECT count(*) FROM user_credentials uc JOIN credentials c ON c.id = uc.credential_id
         WHERE uc.user_id = ${userId} AND c.archived_at IS NULL)::int AS credentials,
      (SELECT count(*) FROM tickets t
         WHERE t.related_user_id = ${userId} AND t.archived_at IS NULL)::int AS tickets,
      (SELECT count(*) FROM user_software_licenses ul JOIN software_licenses l ON l.id = ul.software_license_id
         WHERE ul.user_id = ${userId} AND l.archived_at IS NULL)::int AS licenses`.execute(db);
  const row = result.rows[0];
  return {
    assets: row?.assets ?? 0,
    credentials: row?.credentials ?? 0,
    tickets: row?.tickets ?? 0,
    licenses: row?.licenses ?? 0,
  };
}

/** How many live (active, not archived) admins the organization has besides `excludingUserId`. */
export async function countOtherActiveAdmins(
  db: Kysely<Database>,
  organizationId: number,
  excludingUserId: number,
): Promise<number> {
  const row = await db
    .selectFrom('organization_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin')
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .where('id', '<>', excludingUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The ids on the management chain starting at `userId` (the user, their manager, that manager's
 * manager, …). UNION stops at a repeat, so even a cycle already in the data ends the walk.
 */
export async function managementChain(db: Kysely<Database>, userId: number): Promise<number[]> {
  const result = await sql<{ id: number }>`
    WITH RECURSIVE chain(id, manager_id) AS (
      SELECT id, manager_id FROM organization_users WHERE id = ${userId}
      UNION
      SELECT u.id, u.manager_id FROM organization_users u JOIN chain c ON u.id = c.manager_id
    )
    SELECT id FROM chain`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * Serializes the writes that could take an organization's last live admin out of service (demote,
 * deactivate, archive, delete): held until the transaction ends, so the second of two concurrent
 * changes counts the admins after the first has committed.
 */
export async function lockAdminChanges(trx: Kysely<Database>, organizationId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`helios:admins:${organizationId}`}))`.execute(trx);
}
