import { type Kysely, sql } from 'kysely';
import type { EncryptedColumn } from '../../../core/crypto/encrypted-columns.ts';
import type { Database } from '../../../core/db/schema.ts';

/*
 * Queries of the vault beyond the generic record layer: the credentials row itself is read and
 * written with queries/records.ts; what lives here walks the encrypted columns of every table
 * (crypto/encrypted-columns.ts) for key rotation. Table and column names come from that registry
 * (code, never input).
 */

/** One stored secret: its row id and blob. */
export interface StoredSecret {
  id: number;
  blob: Buffer;
}

/**
 * The next `limit` non-null secrets of a column after `afterId`, in id order, locked FOR UPDATE so
 * no request can write a secret under the old key between the rotation's read and its write.
 */
export async function lockSecretsBatch(
  trx: Kysely<Database>,
  place: EncryptedColumn,
  afterId: number,
  limit: number,
): Promise<StoredSecret[]> {
  const result = await sql<StoredSecret>`
    SELECT id, ${sql.ref(place.column)} AS blob
    FROM ${sql.table(place.table)}
    WHERE ${sql.ref(place.column)} IS NOT NULL AND id > ${afterId}
    ORDER BY id
    LIMIT ${limit}
    FOR UPDATE`.execute(trx);
  return result.rows;
}

/** Replaces the blobs of the given rows in one statement. */
export async function writeSecretsBatch(
  trx: Kysely<Database>,
  place: EncryptedColumn,
  secrets: StoredSecret[],
): Promise<void> {
  if (secrets.length === 0) return;
  const values = sql.join(secrets.map((s) => sql`(${s.id}::integer, ${s.blob}::bytea)`));
  await sql`
    UPDATE ${sql.table(place.table)} AS t
    SET ${sql.ref(place.column)} = v.blob
    FROM (VALUES ${values}) AS v (id, blob)
    WHERE t.id = v.id`.execute(trx);
}

/** Every secret of a column (tests and diagnostics; rotation pages with lockSecretsBatch). */
export async function allSecrets(db: Kysely<Database>, place: EncryptedColumn): Promise<StoredSecret[]> {
  const result = await sql<StoredSecret>`
    SELECT id, ${sql.ref(place.column)} AS blob
    FROM ${sql.table(place.table)}
    WHERE ${sql.ref(place.column)} IS NOT NULL
    ORDER BY id`.execute(db);
  return result.rows;
}
