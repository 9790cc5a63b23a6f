// The one write the Google actions make in Helios: the person's Google id once their account
// exists, so the next directory sync matches the account to this row by id (not only by email).
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

export async function setPersonGoogleId(
  db: Kysely<Database>,
  organizationId: number,
  personId: number,
  googleId: string,
): Promise<void> {
  await db
    .updateTable('organization_users')
    .set({ google_workspace_id: googleId, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', personId)
    .where((eb) => eb.or([eb('google_workspace_id', 'is', null), eb('google_workspace_id', '!=', googleId)]))
    .execute();
}
