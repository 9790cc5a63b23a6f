import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

export interface SamplePersonRow {
  id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

/**
 * The people the sample emails come from: active colleagues in the organization's domain, plain
 * users first (they are who writes to IT), never the caller, oldest first so the samples are stable.
 */
export async function samplePeople(
  db: Kysely<Database>,
  organizationId: number,
  options: { domain: string; exceptUserId: number; limit: number },
): Promise<SamplePersonRow[]> {
  return db
    .selectFrom('organization_users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .where('is_active', '=', true)
    .where('id', '!=', options.exceptUserId)
    .where('role', '!=', 'contact')
    .where('email', 'like', `%@${options.domain}`)
    .orderBy((eb) => eb.case().when('role', '=', 'user').then(0).else(1).end())
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/** The newest open ticket about one of these people (the follow-up sample writes about it). */
export async function openTicketAbout(
  db: Kysely<Database>,
  organizationId: number,
  userIds: number[],
): Promise<{ prefix: string; number: number; subject: string; related_user_id: number } | undefined> {
  if (userIds.length === 0) return undefined;
  const row = await db
    .selectFrom('tickets')
    .select(['prefix', 'number', 'subject', 'related_user_id'])
    .where('organization_id', '=', organizationId)
    .where('related_user_id', 'in', userIds)
    .where('closed_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.related_user_id ? { ...row, related_user_id: row.related_user_id } : undefined;
}
