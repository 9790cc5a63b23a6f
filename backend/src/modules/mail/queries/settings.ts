import { type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { Database, MailSettings } from '../../../core/db/schema.ts';

export type MailSettingsRow = Selectable<MailSettings>;

export async function findMailSettings(
  db: Kysely<Database>,
  organizationId: number,
): Promise<MailSettingsRow | undefined> {
  return db
    .selectFrom('mail_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function insertMailSettings(
  db: Kysely<Database>,
  values: Omit<Updateable<MailSettings>, 'id'> & {
    organization_id: number;
    transport: string;
    from_address: string;
  },
): Promise<MailSettingsRow> {
  return db.insertInto('mail_settings').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateMailSettings(
  db: Kysely<Database>,
  id: number,
  values: Updateable<MailSettings>,
): Promise<MailSettingsRow> {
  return db
    .updateTable('mail_settings')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
