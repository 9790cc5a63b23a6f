import type { Kysely } from 'kysely';
import { generateApiKey } from '../../../core/auth/api-key-secret.ts';
import type { Database } from '../../../core/db/schema.ts';
import {
  findApiKey,
  insertApiKey,
  revokeApiKey,
  type ApiKeyWithUser,
} from '../../../core/queries/api-keys.ts';
import type { UserRow } from '../../../core/queries/users.ts';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';

export interface CreatedApiKey {
  row: ApiKeyWithUser;
  /** The whole key: returned to the creator once and never stored. */
  key: string;
}

/** Creates a key acting as `user`, with its audit row, in one transaction. */
export async function createApiKey(
  db: Kysely<Database>,
  ctx: AuditContext,
  input: { name: string; user: UserRow; expiresAt: Date | null },
): Promise<CreatedApiKey> {
  const secret = generateApiKey();
  return db.transaction().execute(async (trx) => {
    const row = await insertApiKey(trx, {
      organization_id: ctx.organizationId,
      user_id: input.user.id,
      name: input.name,
      prefix: secret.prefix,
      key_hash: secret.hash,
      expires_at: input.expiresAt,
      created_by_user_id: ctx.actor?.userId ?? null,
    });
    await recordAudit(trx, ctx, {
      action: 'create',
      entityType: 'api_key',
      entityId: row.id,
      newValue: { name: row.name, prefix: row.prefix, userId: row.user_id, expiresAt: row.expires_at },
    });
    return { row: { ...row, user_email: input.user.email }, key: secret.key };
  });
}

/** Revokes a key (idempotent: revoking twice keeps the first time, and audits once). */
export async function revokeApiKeyCommand(
  db: Kysely<Database>,
  ctx: AuditContext,
  key: ApiKeyWithUser,
): Promise<ApiKeyWithUser> {
  if (key.revoked_at) return key;
  return db.transaction().execute(async (trx) => {
    await revokeApiKey(trx, key.id);
    await recordAudit(trx, ctx, {
      action: 'revoke',
      entityType: 'api_key',
      entityId: key.id,
      oldValue: { revokedAt: null },
      newValue: { revokedAt: 'now' },
    });
    const updated = await findApiKey(trx, ctx.organizationId, key.id);
    if (!updated) throw new Error('api key vanished');
    return updated;
  });
}
