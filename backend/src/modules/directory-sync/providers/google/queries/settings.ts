import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, GwCredentials } from '../../../../../core/db/schema.ts';

export type GoogleSettingsRow = Selectable<GwCredentials>;

export async function findGoogleSettings(
  db: Kysely<Database>,
  organizationId: number,
): Promise<GoogleSettingsRow | undefined> {
  return db
    .selectFrom('gw_credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/**
 * Inserts the organization's Google settings with a known id (the key is sealed for that id before
 * the row exists — see core/queries/ids.ts nextIdOf), or replaces them.
 */
export async function saveGoogleSettings(
  db: Kysely<Database>,
  row: {
    id: number;
    organization_id: number;
    service_account_email: string;
    client_id: string | null;
    service_account_key_encrypted: Buffer;
    admin_email: string;
    customer_id: string;
    sync_interval_minutes?: number | undefined;
  },
): Promise<void> {
  await sql`
    INSERT INTO gw_credentials (id, organization_id, service_account_email, client_id, service_account_key_encrypted, admin_email, customer_id, sync_interval_minutes)
    OVERRIDING SYSTEM VALUE
    VALUES (${row.id}, ${row.organization_id}, ${row.service_account_email}, ${row.client_id}, ${row.service_account_key_encrypted}, ${row.admin_email}, ${row.customer_id}, ${row.sync_interval_minutes ?? 15})`.execute(
    db,
  );
}

export async function updateGoogleSettings(
  db: Kysely<Database>,
  id: number,
  values: Partial<
    Pick<
      GoogleSettingsRow,
      | 'service_account_email'
      | 'client_id'
      | 'service_account_key_encrypted'
      | 'admin_email'
      | 'customer_id'
      | 'sync_interval_minutes'
      | 'last_sync_at'
      | 'last_sync_status'
    >
  >,
): Promise<void> {
  await db.updateTable('gw_credentials').set(values).where('id', '=', id).execute();
}
