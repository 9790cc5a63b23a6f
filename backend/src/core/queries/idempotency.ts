import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyKeys } from '../db/schema.ts';

export type IdempotencyRow = Selectable<IdempotencyKeys>;

export async function findIdempotencyKey(
  db: Kysely<Database>,
  userId: number,
  key: string,
): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertIdempotencyKey(
  db: Kysely<Database>,
  row: {
    organization_id: number;
    user_id: number;
    key: string;
    method: string;
    path: string;
    request_hash: string;
    status_code: number;
    response: unknown;
  },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ ...row, response: JSON.stringify(row.response) })
    .execute();
}
