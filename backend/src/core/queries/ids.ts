import { type Kysely, sql } from 'kysely';
import type { EncryptedColumn } from '../crypto/encrypted-columns.ts';
import type { Database } from '../db/schema.ts';

/**
 * Takes the next id of an encrypted table's identity sequence, for a row whose secret column is
 * NOT NULL: the secret is sealed for this id (the id is part of what the seal binds), then the row
 * is inserted with `OVERRIDING SYSTEM VALUE` and the id (crypto/encrypted-columns.ts). The vault's
 * credentials and each directory provider's settings use it.
 */
export async function nextIdOf(trx: Kysely<Database>, table: EncryptedColumn['table']): Promise<number> {
  const result = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::integer AS id`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error(`no identity sequence on ${table}`);
  return row.id;
}
