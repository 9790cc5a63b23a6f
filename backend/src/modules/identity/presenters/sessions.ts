import type { Session } from '@helios/shared';
import { displayName } from '../../../core/queries/users.ts';
import type { SessionWithUser } from '../../../core/queries/sessions.ts';

/** Never the token hash: a session is named by its id only. */
export function presentSession(row: SessionWithUser, currentSessionId: number | undefined): Session {
  return {
    id: row.id,
    user: {
      id: row.user_id,
      email: row.user_email,
      name: displayName({
        first_name: row.user_first_name,
        last_name: row.user_last_name,
        email: row.user_email,
      }),
    },
    method: row.method === 'api_key' ? 'api_key' : 'google',
    current: row.id === currentSessionId,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
