import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** The organization's sealed share-link secret, or null before the first link is made. */
export async function findShareSecret(db: Kysely<Database>, organizationId: number): Promise<Buffer | null> {
  const row = await db
    .selectFrom('organizations')
    .select('share_secret_encrypted')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.share_secret_encrypted ?? null;
}

/** Stores the sealed secret unless another process stored one first; false when it lost the race. */
export async function storeShareSecret(
  db: Kysely<Database>,
  organizationId: number,
  sealed: Buffer,
): Promise<boolean> {
  const result = await db
    .updateTable('organizations')
    .set({ share_secret_encrypted: sealed })
    .where('id', '=', organizationId)
    .where('share_secret_encrypted', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
