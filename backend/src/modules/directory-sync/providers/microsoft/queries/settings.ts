import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, MsCredentials } from '../../../../../core/db/schema.ts';

export type MicrosoftSettingsRow = Selectable<MsCredentials>;

export async function findMicrosoftSettings(
  db: Kysely<Database>,
  organizationId: number,
): Promise<MicrosoftSettingsRow | undefined> {
  return db
    .selectFrom('ms_credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/**
 * Inserts the organization's Microsoft settings with a known id (the secret is sealed for that id
 * before the row exists — see core/queries/ids.ts nextIdOf).
 */
export async function insertMicrosoftSettings(
  db: Kysely<Database>,
  row: {
    id: number;
    organization_id: number;
    azure_tenant_id: string;
    client_id: string;
    client_secret_encrypted: Buffer;
    sync_interval_minutes?: number | undefined;
  },
): Promise<void> {
  await sql`
    INSERT INTO ms_credentials (id, organization_id, azure_tenant_id, client_id, client_secret_encrypted, sync_interval_minutes)
    OVERRIDING SYSTEM VALUE
    VALUES (${row.id}, ${row.organization_id}, ${row.azure_tenant_id}, ${row.client_id}, ${row.client_secret_encrypted}, ${row.sync_interval_minutes ?? 15})`.execute(
    db,
  );
}

export async function updateMicrosoftSettings(
  db: Kysely<Database>,
  id: number,
  values: Partial<
    Pick<
      MicrosoftSettingsRow,
      | 'azure_tenant_id'
      | 'client_id'
      | 'client_secret_encrypted'
      | 'sync_interval_minutes'
      | 'last_sync_at'
      | 'last_sync_status'
      | 'delta_links_saved_at'
    >
  > & { delta_links?: Record<string, string> },
): Promise<void> {
  const { delta_links, ...rest } = values;
  await db
    .updateTable('ms_credentials')
    .set({
      ...rest,
      ...(delta_links === undefined ? {} : { delta_links: JSON.stringify(delta_links) }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}
