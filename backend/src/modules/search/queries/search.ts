import { sql, type Expression, type SqlBool } from 'kysely';
import { likePattern } from '../../../core/db/like.ts';

/** Tickets (aliased `t`) whose subject contains `q` (LIKE wildcards in `q` are literal). */
export function ticketSubjectContains(q: string): Expression<SqlBool> {
  return sql<SqlBool>`t.subject ILIKE ${likePattern(q)}`;
}

/**
 * Tickets (aliased `t`) a global search for `q` names: by subject, or by number — `TKT-12` (the
 * prefix in any letter case) or `12` alone, as people quote them.
 */
export function ticketMatches(q: string): Expression<SqlBool> {
  const numbered = /^(?:([A-Za-z]+)-)?(\d{1,9})$/.exec(q.trim());
  if (!numbered) return ticketSubjectContains(q);
  const [, prefix, number] = numbered;
  const byNumber = prefix
    ? sql<SqlBool>`(t.number = ${Number(number)} AND upper(t.prefix) = ${prefix.toUpperCase()})`
    : sql<SqlBool>`t.number = ${Number(number)}`;
  return sql<SqlBool>`(${ticketSubjectContains(q)} OR ${byNumber})`;
}
