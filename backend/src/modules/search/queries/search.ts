import { sql, type Expression, type SqlBool } from 'kysely';

/** Tickets (aliased `t`) whose subject contains `q` (LIKE wildcards in `q` are literal). */
export function ticketSubjectContains(q: string): Expression<SqlBool> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`t.subject ILIKE ${pattern}`;
}
