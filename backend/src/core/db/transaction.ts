import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `work` in a transaction — the caller's, when `db` already is one (kysely does not nest
 * transactions), so commands compose: a command that writes several records can call other
 * commands inside its own transaction and everything commits or rolls back together.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
