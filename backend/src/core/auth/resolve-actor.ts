import type { Kysely } from 'kysely';
import type { Role } from '@helios/shared';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { displayName, findUserByEmail, insertUser, updateUser, type UserRow } from '../queries/users.ts';
import { recordAudit, type AuditContext } from '../audit.ts';
import { cached } from '../cache.ts';

export interface IdentityClaims {
  email: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  picture?: string | undefined;
}

export interface ResolveOptions {
  organizationId: number;
  bootstrapAdminEmail: string | undefined;
  /** Unknown emails in the organization's domain become users; anything else is refused. */
  mayCreate: boolean;
  via: Actor['via'];
  request: Omit<AuditContext, 'actor' | 'organizationId'>;
}

export type ResolveResult = { ok: true; actor: Actor } | { ok: false; reason: string };

export const actorFromUser = (user: UserRow, via: Actor['via'], apiKeyId?: number): Actor => ({
  userId: user.id,
  organizationId: user.organization_id,
  role: user.role as Role,
  email: user.email,
  name: displayName(user),
  via,
  ...(apiKeyId !== undefined ? { apiKeyId } : {}),
});

/** Refuses users who may not act any more. */
export function refusal(user: UserRow): string | undefined {
  if (user.archived_at) return 'This account is archived';
  if (!user.is_active) return 'This account is deactivated';
  return undefined;
}

/**
 * Turns a verified identity into the acting user. A colleague seen for the first time is created
 * as a `user` (the bootstrap admin email as `admin`) with an audit row, in one transaction; the
 * bootstrap admin is promoted if someone demoted them, so an installation can always be recovered.
 */
export async function resolveActor(
  db: Kysely<Database>,
  claims: IdentityClaims,
  options: ResolveOptions,
): Promise<ResolveResult> {
  const email = claims.email.toLowerCase();
  const isBootstrapAdmin = options.bootstrapAdminEmail !== undefined && email === options.bootstrapAdminEmail;
  // Through the process's cache (core/cache.ts): a deactivation or role change drops it.
  const existing = await cached(db, 'actors', `email:${options.organizationId}:${email}`, () =>
    findUserByEmail(db, options.organizationId, email),
  );
  if (existing) {
    const refused = refusal(existing);
    if (refused) return { ok: false, reason: refused };
    if (isBootstrapAdmin && existing.role !== 'admin') {
      const promoted = await db.transaction().execute(async (trx) => {
        const updated = await updateUser(trx, existing.id, { role: 'admin' });
        await recordAudit(
          trx,
          { ...options.request, organizationId: options.organizationId, actor: { userId: existing.id } },
          {
            action: 'update',
            entityType: 'user',
            entityId: existing.id,
            description: 'promoted to admin: HELIOS_BOOTSTRAP_ADMIN_EMAIL',
            oldValue: { role: existing.role },
            newValue: { role: 'admin' },
          },
        );
        return updated;
      });
      return { ok: true, actor: actorFromUser(promoted, options.via) };
    }
    return { ok: true, actor: actorFromUser(existing, options.via) };
  }
  if (!options.mayCreate) return { ok: false, reason: 'Unknown user' };

  let created: UserRow;
  try {
    created = await createOnFirstSight(db, email, claims, isBootstrapAdmin, options);
  } catch (error) {
    // Two first requests at once: the other one created the row; use it.
    if ((error as { code?: string }).code !== '23505') throw error;
    const raced = await findUserByEmail(db, options.organizationId, email);
    if (!raced) throw error;
    created = raced;
  }
  return { ok: true, actor: actorFromUser(created, options.via) };
}

function createOnFirstSight(
  db: Kysely<Database>,
  email: string,
  claims: IdentityClaims,
  isBootstrapAdmin: boolean,
  options: ResolveOptions,
): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      organization_id: options.organizationId,
      email,
      first_name: claims.givenName?.slice(0, 200) ?? null,
      last_name: claims.familyName?.slice(0, 200) ?? null,
      photo_url: claims.picture?.slice(0, 500) ?? null,
      role: isBootstrapAdmin ? 'admin' : 'user',
    });
    await recordAudit(
      trx,
      { ...options.request, organizationId: options.organizationId, actor: { userId: user.id } },
      {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        description: 'created on first sign-in',
        newValue: { email: user.email, role: user.role },
      },
    );
    return user;
  });
}
