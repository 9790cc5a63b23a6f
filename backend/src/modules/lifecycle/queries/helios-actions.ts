// What the Helios actions (actions/helios.ts) read and write of other areas' tables: assets,
// license seats, API keys and sessions. Each write is a no-op when already done (idempotent).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { deleteUserSessions } from '../../../core/queries/sessions.ts';

export interface AssetRef {
  id: number;
  name: string;
  assigned_to_user_id: number | null;
  asset_type: string;
  status: string | null;
}

const assetColumns = ['id', 'name', 'assigned_to_user_id', 'asset_type', 'status'] as const;

export async function assetsByIds(
  db: Kysely<Database>,
  organizationId: number,
  ids: number[],
): Promise<AssetRef[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('assets')
    .select(assetColumns)
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .where('archived_at', 'is', null)
    .execute();
}

/** The person's live assets of a category (assigned to them). */
export async function assignedAssetsOf(
  db: Kysely<Database>,
  organizationId: number,
  userId: number,
  category?: string,
): Promise<AssetRef[]> {
  let q = db
    .selectFrom('assets')
    .select(assetColumns)
    .where('organization_id', '=', organizationId)
    .where('assigned_to_user_id', '=', userId)
    .where('archived_at', 'is', null);
  if (category) q = q.where('asset_type', '=', category);
  return q.orderBy('id').execute();
}

/**
 * An unassigned asset of the category in storage, locked for this transaction; SKIP LOCKED lets
 * two joiners' requests running at once each take a different one.
 */
export async function pickFromStorage(
  trx: Kysely<Database>,
  organizationId: number,
  category: string,
): Promise<AssetRef | undefined> {
  return trx
    .selectFrom('assets')
    .select(assetColumns)
    .where('organization_id', '=', organizationId)
    .where('asset_type', '=', category)
    .where('status', '=', 'storage')
    .where('assigned_to_user_id', 'is', null)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/** Peeks at what pickFromStorage would take (the dry run; no lock). */
export async function peekStorage(
  db: Kysely<Database>,
  organizationId: number,
  category: string,
): Promise<AssetRef | undefined> {
  return db
    .selectFrom('assets')
    .select(assetColumns)
    .where('organization_id', '=', organizationId)
    .where('asset_type', '=', category)
    .where('status', '=', 'storage')
    .where('assigned_to_user_id', 'is', null)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function assignAsset(db: Kysely<Database>, assetId: number, userId: number): Promise<void> {
  await db
    .updateTable('assets')
    .set({ assigned_to_user_id: userId, status: 'active', updated_at: new Date() })
    .where('id', '=', assetId)
    .execute();
}

/** The person's assets back to storage, their links to assets and their license seats removed. */
export async function checkInAssetsOf(
  db: Kysely<Database>,
  organizationId: number,
  userId: number,
): Promise<{ assetIds: number[]; unlinkedAssetIds: number[]; licenseIds: number[] }> {
  const assets = await db
    .updateTable('assets')
    .set({ assigned_to_user_id: null, status: 'storage', updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('assigned_to_user_id', '=', userId)
    .returning('id')
    .execute();
  const links = await db
    .deleteFrom('user_assets')
    .where('user_id', '=', userId)
    .returning('asset_id')
    .execute();
  const seats = await db
    .deleteFrom('user_software_licenses')
    .where('user_id', '=', userId)
    .returning('software_license_id')
    .execute();
  return {
    assetIds: assets.map((a) => a.id),
    unlinkedAssetIds: links.map((l) => l.asset_id),
    licenseIds: seats.map((s) => s.software_license_id),
  };
}

/** What checkInAssetsOf would touch (the dry run). */
export async function holdingsOf(
  db: Kysely<Database>,
  organizationId: number,
  userId: number,
): Promise<{ assets: number; links: number; seats: number; apiKeys: number; sessions: number }> {
  const { rows } = await sql<{
    assets: number;
    links: number;
    seats: number;
    api_keys: number;
    sessions: number;
  }>`
    SELECT
      (SELECT count(*) FROM assets WHERE organization_id = ${organizationId} AND assigned_to_user_id = ${userId})::int AS assets,
      (SELECT count(*) FROM user_assets WHERE user_id = ${userId})::int AS links,
      (SELECT count(*) FROM user_software_licenses WHERE user_id = ${userId})::int AS seats,
      (SELECT count(*) FROM api_keys WHERE user_id = ${userId} AND revoked_at IS NULL)::int AS api_keys,
      (SELECT count(*) FROM auth_sessions WHERE user_id = ${userId})::int AS sessions`.execute(db);
  const r = rows[0];
  return {
    assets: r?.assets ?? 0,
    links: r?.links ?? 0,
    seats: r?.seats ?? 0,
    apiKeys: r?.api_keys ?? 0,
    sessions: r?.sessions ?? 0,
  };
}

/** Revokes the person's live API keys and deletes their web sessions. */
export async function revokeAccessOf(
  db: Kysely<Database>,
  userId: number,
  now: Date,
): Promise<{ apiKeyIds: number[]; sessions: number }> {
  const keys = await db
    .updateTable('api_keys')
    .set({ revoked_at: now, updated_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  const sessions = await deleteUserSessions(db, userId);
  return { apiKeyIds: keys.map((k) => k.id), sessions };
}
