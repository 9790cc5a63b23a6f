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

/**
 * The newest open ticket about a colleague of the domain (not the caller), with that person: the
 * follow-up sample is their reply about it.
 */
export async function openTicketWithPerson(
  db: Kysely<Database>,
  organizationId: number,
  options: { domain: string; exceptUserId: number },
): Promise<
  { ticket: { prefix: string; number: number; subject: string }; person: SamplePersonRow } | undefined
> {
  const row = await db
    .selectFrom('tickets as t')
    .innerJoin('organization_users as u', 'u.id', 't.related_user_id')
    .select(['t.prefix', 't.number', 't.subject', 'u.id', 'u.email', 'u.first_name', 'u.last_name'])
    .where('t.organization_id', '=', organizationId)
    .where('t.closed_at', 'is', null)
    .where('t.archived_at', 'is', null)
    .where('u.archived_at', 'is', null)
    .where('u.is_active', '=', true)
    .where('u.role', '!=', 'contact')
    .where('u.id', '!=', options.exceptUserId)
    .where('u.email', 'like', `%@${options.domain}`)
    .orderBy('t.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ticket: { prefix: row.prefix, number: row.number, subject: row.subject },
    person: { id: row.id, email: row.email, first_name: row.first_name, last_name: row.last_name },
  };
}
