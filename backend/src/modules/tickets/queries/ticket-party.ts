import { type Expression, sql, type SqlBool } from 'kysely';
import type { Actor } from '../../../core/auth/actor.ts';
import { creatorIsParty, ticketListScope } from '../policies/tickets.ts';

/**
 * The tickets (table aliased `alias`) the actor may read, as SQL: everything for staff; for others
 * the tickets they are a party to — related user, watcher, or (when the policy counts creators for
 * this actor) creator. The SQL twin of `isParty` in policies/tickets.ts; a test checks that the two
 * agree for every role and every way of being (or not being) a party.
 */
export function ticketPartyCondition(actor: Actor, alias = 't'): Expression<SqlBool> {
  if (ticketListScope(actor) === 'all') return sql<SqlBool>`true`;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const parts = [
    sql<SqlBool>`${column('related_user_id')} = ${actor.userId}`,
    sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_watchers w WHERE w.ticket_id = ${column('id')} AND w.user_id = ${actor.userId})`,
  ];
  if (creatorIsParty(actor)) parts.push(sql<SqlBool>`${column('created_by_user_id')} = ${actor.userId}`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}
