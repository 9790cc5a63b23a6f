import type { ApiKey } from '@helios/shared';
import type { ApiKeyWithUser } from '../../../core/queries/api-keys.ts';

/** Never the hash: only the public prefix identifies a key after creation. */
export function presentApiKey(row: ApiKeyWithUser): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    userEmail: row.user_email,
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
