import { sql, type Expression, type SqlBool } from 'kysely';
import { likePattern } from '../../../core/db/like.ts';

/** Tickets (aliased `t`) whose subject contains `q` (LIKE wildcards in `q` are literal). */
export function ticketSubjectContains(q: string): Expression<SqlBool> {
  return sql<SqlBool>`t.subject ILIKE ${likePattern(q)}`;
}
