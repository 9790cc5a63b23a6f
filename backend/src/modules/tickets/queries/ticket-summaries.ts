import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { ticketPartyCondition } from './ticket-party.ts';

export interface TicketSummaryRow {
  id: number;
  number: number;
  prefix: string;
  subject: string;
  priority: string | null;
  status_id: number;
  status_name: string;
  status_color: string | null;
  assigned_to_user_id: number | null;
  assignee_first_name: string | null;
  assignee_last_name: string | null;
  assignee_email: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Open (neither resolved nor closed) or finished tickets, newest first. */
export async function ticketSummaries(
  db: Kysely<Database>,
  options: {
    organizationId: number;
    where: Expression<SqlBool>[];
    state: 'open' | 'finished' | 'any';
    /** false: any matching tickets (search ranks them itself; see listRecords). Default true. */
    ordered?: boolean;
    limit: number;
  },
): Promise<TicketSummaryRow[]> {
  let query = db
    .selectFrom('tickets as t')
    .innerJoin('ticket_statuses as s', 's.id', 't.status_id')
    .leftJoin('organization_users as a', 'a.id', 't.assigned_to_user_id')
    .select([
      't.id',
      't.number',
      't.prefix',
      't.subject',
      't.priority',
      't.status_id',
      's.name as status_name',
      's.color as status_color',
      't.assigned_to_user_id',
      'a.first_name as assignee_first_name',
      'a.last_name as assignee_last_name',
      'a.email as assignee_email',
      't.created_at',
      't.updated_at',
    ])
    .where('t.organization_id', '=', options.organizationId)
    .where('t.archived_at', 'is', null);
  if (options.state === 'open') {
    query = query.where('s.is_closed_status', '=', false).where('s.is_resolved_status', '=', false);
  } else if (options.state === 'finished') {
    query = query.where((eb) =>
      eb.or([eb('s.is_closed_status', '=', true), eb('s.is_resolved_status', '=', true)]),
    );
  }
  for (const condition of options.where) query = query.where(condition);
  if (options.ordered === false) return query.limit(options.limit).execute();
  return query.orderBy('t.updated_at', 'desc').orderBy('t.id', 'desc').limit(options.limit).execute();
}

/** The ticket made from a Gmail thread (the newest, if several), if the actor may see it. */
export async function ticketForThread(
  db: Kysely<Database>,
  actor: Actor,
  threadId: string,
): Promise<TicketSummaryRow | undefined> {
  const [row] = await ticketSummaries(db, {
    organizationId: actor.organizationId,
    where: [sql<SqlBool>`t.gmail_thread_id = ${threadId}`, ticketPartyCondition(actor)],
    state: 'any',
    limit: 1,
  });
  return row;
}
