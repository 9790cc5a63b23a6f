import { type Kysely, sql } from 'kysely';
import type { Database, Json } from '../../../../../core/db/schema.ts';
import type { ProviderColumns, UpsertOutcome } from '../../../engine/provider.ts';
import { chunks, ensureSkuLicense, recordset, saveKnownAndNew } from '../../../queries/sync-store.ts';

/*
 * Microsoft's own mirror tables (ms_synced_users, ms_synced_groups, ms_licenses): the raw records
 * as Graph sent them, with the engine's content hashes. The shared tables are the engine's
 * (queries/sync-store.ts); archiving these goes through its one anti-join (archiveMirror).
 */

/** Mirror rows of a page of Microsoft users: content hash and archive state by object id. */
export async function msUserMirrorsOf(
  db: Kysely<Database>,
  organizationId: number,
  ids: string[],
): Promise<Map<string, { contentHash: string; archived: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('ms_synced_users')
    .select(['ms_user_id', 'content_hash', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where('ms_user_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [r.ms_user_id, { contentHash: r.content_hash, archived: r.archived_at !== null }]),
  );
}

export interface MsUserMirrorRow {
  msId: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  organizationUserId: number;
  raw: Json;
  hash: string;
}

const fit = (value: string | null, length: number) => value?.slice(0, length) ?? null;

export async function upsertMsUserMirrors(
  db: Kysely<Database>,
  organizationId: number,
  rows: MsUserMirrorRow[],
): Promise<void> {
  for (const chunk of chunks(rows, 2000)) {
    await db
      .insertInto('ms_synced_users')
      .values(
        chunk.map((r) => ({
          organization_id: organizationId,
          ms_user_id: r.msId,
          user_principal_name: r.userPrincipalName.slice(0, 255),
          mail: fit(r.mail, 255),
          display_name: fit(r.displayName, 255),
          given_name: fit(r.givenName, 200),
          family_name: fit(r.familyName, 200),
          job_title: fit(r.jobTitle, 200),
          department: fit(r.department, 200),
          account_enabled: r.accountEnabled,
          organization_user_id: r.organizationUserId,
          raw_data: JSON.stringify(r.raw),
          content_hash: r.hash,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['organization_id', 'ms_user_id']).doUpdateSet((eb) => ({
          user_principal_name: eb.ref('excluded.user_principal_name'),
          mail: eb.ref('excluded.mail'),
          display_name: eb.ref('excluded.display_name'),
          given_name: eb.ref('excluded.given_name'),
          family_name: eb.ref('excluded.family_name'),
          job_title: eb.ref('excluded.job_title'),
          department: eb.ref('excluded.department'),
          account_enabled: eb.ref('excluded.account_enabled'),
          organization_user_id: eb.ref('excluded.organization_user_id'),
          raw_data: eb.ref('excluded.raw_data'),
          content_hash: eb.ref('excluded.content_hash'),
          last_seen_at: sql`now()`,
          archived_at: null,
        })),
      )
      .execute();
  }
}

/**
 * Addresses of mirrored Microsoft users by object id: groups/delta names its inline members by id
 * only, and the users listing ran just before.
 */
export async function msUserAddresses(
  db: Kysely<Database>,
  organizationId: number,
  ids: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const chunk of chunks(ids, 5000)) {
    const rows = await db
      .selectFrom('ms_synced_users')
      .select([
        'ms_user_id',
        sql<string>`lower(coalesce(nullif(mail, ''), user_principal_name))`.as('address'),
      ])
      .where('organization_id', '=', organizationId)
      .where('ms_user_id', 'in', chunk)
      .execute();
    for (const r of rows) out.set(r.ms_user_id, r.address);
  }
  return out;
}

export async function findMsGroupMirrors(
  db: Kysely<Database>,
  organizationId: number,
  msIds: string[],
): Promise<Map<string, { id: number; userGroupId: number | null; contentHash: string; archived: boolean }>> {
  if (msIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('ms_synced_groups')
    .select(['id', 'ms_group_id', 'content_hash', 'user_group_id', 'archived_at'])
    .where('organization_id', '=', organizationId)
    .where('ms_group_id', 'in', msIds)
    .execute();
  return new Map(
    rows.map((row) => [
      row.ms_group_id,
      {
        id: row.id,
        userGroupId: row.user_group_id,
        contentHash: row.content_hash,
        archived: row.archived_at !== null,
      },
    ]),
  );
}

export interface MsGroupMirrorRow {
  msId: string;
  displayName: string;
  mail: string | null;
  description: string | null;
  groupTypes: string[];
  securityEnabled: boolean;
  mailEnabled: boolean;
  userGroupId: number;
  raw: Json;
  hash: string;
}

/**
 * Writes a page's changed groups' mirror rows — updates of the known ones (by `existingId`,
 * un-archived), then inserts of the new ones, a statement each way — and returns their ids in order.
 */
export async function saveMsGroupMirrors(
  db: Kysely<Database>,
  organizationId: number,
  groups: (MsGroupMirrorRow & { existingId: number | undefined })[],
): Promise<number[]> {
  const rows = groups.map((g) => ({
    id: g.existingId ?? null,
    ms_group_id: g.msId,
    display_name: g.displayName.slice(0, 255),
    mail: fit(g.mail, 255),
    description: g.description,
    group_types: g.groupTypes,
    security_enabled: g.securityEnabled,
    mail_enabled: g.mailEnabled,
    user_group_id: g.userGroupId,
    raw_data: g.raw,
    content_hash: g.hash,
  }));
  const columns = {
    id: 'int',
    ms_group_id: 'text',
    display_name: 'text',
    mail: 'text',
    description: 'text',
    group_types: 'text[]',
    security_enabled: 'boolean',
    mail_enabled: 'boolean',
    user_group_id: 'int',
    raw_data: 'jsonb',
    content_hash: 'text',
  } as const;
  return saveKnownAndNew(
    rows,
    (r) => r.ms_group_id,
    (known) =>
      sql`
      UPDATE ms_synced_groups g SET display_name = v.display_name, mail = v.mail,
        description = v.description, group_types = v.group_types, security_enabled = v.security_enabled,
        mail_enabled = v.mail_enabled, user_group_id = v.user_group_id, raw_data = v.raw_data,
        content_hash = v.content_hash, archived_at = NULL, last_seen_at = now()
      FROM ${recordset(known, columns)} WHERE g.id = v.id`.execute(db),
    async (fresh) =>
      (
        await sql<{ id: number; key: string }>`
      INSERT INTO ms_synced_groups (organization_id, ms_group_id, display_name, mail, description,
        group_types, security_enabled, mail_enabled, user_group_id, raw_data, content_hash)
      SELECT ${organizationId}, v.ms_group_id, v.display_name, v.mail, v.description, v.group_types,
        v.security_enabled, v.mail_enabled, v.user_group_id, v.raw_data, v.content_hash
      FROM ${recordset(fresh, columns)}
      RETURNING id, ms_group_id AS key`.execute(db)
      ).rows,
  );
}

export interface MsSkuRow {
  skuId: string;
  partNumber: string;
  name: string;
  enabled: number;
  suspended: number;
  warning: number;
  consumed: number;
  raw: Json;
  hash: string;
}

/**
 * Upserts the subscribed SKUs (only changed ones are written) and, for each written one, the
 * software license it feeds: created once per SKU, its `seats` the enabled prepaid units (what was
 * bought; the assignments are the seats in use).
 */
export async function upsertMsSkus(
  db: Kysely<Database>,
  organizationId: number,
  columns: ProviderColumns['licenses'],
  rows: MsSkuRow[],
): Promise<UpsertOutcome> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const written = await db
    .insertInto('ms_licenses')
    .values(
      rows.map((r) => ({
        organization_id: organizationId,
        sku_id: r.skuId,
        sku_part_number: r.partNumber.slice(0, 100),
        display_name: r.name.slice(0, 255),
        enabled_units: r.enabled,
        suspended_units: r.suspended,
        warning_units: r.warning,
        consumed_units: r.consumed,
        raw_data: JSON.stringify(r.raw),
        content_hash: r.hash,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'sku_id'])
        .doUpdateSet((eb) => ({
          sku_part_number: eb.ref('excluded.sku_part_number'),
          display_name: eb.ref('excluded.display_name'),
          enabled_units: eb.ref('excluded.enabled_units'),
          suspended_units: eb.ref('excluded.suspended_units'),
          warning_units: eb.ref('excluded.warning_units'),
          consumed_units: eb.ref('excluded.consumed_units'),
          raw_data: eb.ref('excluded.raw_data'),
          content_hash: eb.ref('excluded.content_hash'),
          last_seen_at: sql`now()`,
          archived_at: null,
        }))
        .where(
          sql<boolean>`ms_licenses.content_hash IS DISTINCT FROM excluded.content_hash OR ms_licenses.archived_at IS NOT NULL`,
        ),
    )
    .returning(['id', 'sku_id', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  const bySku = new Map(rows.map((r) => [r.skuId, r]));
  for (const w of written) {
    const r = bySku.get(w.sku_id);
    if (!r) continue;
    const license = await ensureSkuLicense(db, organizationId, columns, {
      id: r.skuId,
      name: r.name.slice(0, 200),
      productId: r.partNumber,
    });
    await db
      .updateTable('software_licenses')
      .set({ seats: r.enabled, last_synced_at: sql<Date>`now()` })
      .where('id', '=', license.id)
      .where(sql<boolean>`seats IS DISTINCT FROM ${r.enabled}`)
      .execute();
    await db
      .updateTable('ms_licenses')
      .set({ software_license_id: license.id })
      .where('id', '=', w.id)
      .execute();
  }
  return {
    created: written.filter((r) => r.inserted).length,
    updated: written.filter((r) => !r.inserted).length,
  };
}
