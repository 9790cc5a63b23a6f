import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Database } from '../../../core/db/schema.ts';
import { findUserByEmail, insertUser, updateUser, type UserRow } from '../../../core/queries/users.ts';

export type EnsuredAdmin =
  | { outcome: 'created' | 'promoted' | 'already'; user: UserRow }
  | { outcome: 'refused'; user: UserRow; reason: string };

/**
 * Makes sure `email` is an active admin: creates the user (fresh installs have nobody to sign in
 * as), or promotes an existing one; audited. An archived or deactivated person is refused rather
 * than silently brought back.
 */
export async function ensureAdmin(
  db: Kysely<Database>,
  ctx: AuditContext,
  input: { email: string; name?: string | undefined; reason: string },
): Promise<EnsuredAdmin> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, ctx.organizationId, email);
    if (existing) {
      if (existing.archived_at || !existing.is_active)
        return { outcome: 'refused', user: existing, reason: `${email} is archived or deactivated` };
      if (existing.role === 'admin') return { outcome: 'already', user: existing };
      const promoted = await updateUser(trx, existing.id, { role: 'admin' });
      await recordAudit(trx, ctx, {
        action: 'update',
        entityType: 'user',
        entityId: existing.id,
        description: `promoted to admin: ${input.reason}`,
        oldValue: { role: existing.role },
        newValue: { role: 'admin' },
      });
      return { outcome: 'promoted', user: promoted };
    }
    const [first, ...rest] = (input.name ?? '').trim().split(/\s+/).filter(Boolean);
    const user = await insertUser(trx, {
      organization_id: ctx.organizationId,
      email,
      first_name: first?.slice(0, 200) ?? null,
      last_name: rest.length > 0 ? rest.join(' ').slice(0, 200) : null,
      role: 'admin',
    });
    await recordAudit(trx, ctx, {
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      description: `created as admin: ${input.reason}`,
      newValue: { email: user.email, role: user.role },
    });
    return { outcome: 'created', user };
  });
}
