import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { likePattern } from '../../db/like.ts';
import type { RecordTable, Row } from '../definition.ts';
import { type TaggableTable, tagsColumn } from './tags.ts';

/**
 * The generic record queries behind every documentation resource. Table and column names come from
 * resource definitions (code, never input), so the loosely typed view of the database below is
 * confined to this module.
 */
type LooseDatabase = Record<string, Row>;
const loose = (db: Kysely<Database>): Kysely<LooseDatabase> => db as unknown as Kysely<LooseDatabase>;

export interface ListOptions {
  table: RecordTable;
  organizationId: number;
  archived: 'false' | 'true' | 'all';
  /** Extra conditions (scope, search, filters), all ANDed; they may reference the table as `r`. */
  where: Expression<SqlBool>[];
  /**
   * Order of the page. `undefined` (search): any matching rows — no ORDER BY, so PostgreSQL can use
   * the trigram index and stop at the limit instead of walking the primary key past every miss.
   */
  sort: { column: string; direction: 'asc' | 'desc' } | undefined;
  /** Keyset position: rows strictly after (value, id) in sort order. */
  after: { value: string | number; id: number } | undefined;
  limit: number;
  /**
   * Read with the page, in the same statement: the rows' live tags (column `_tags`, a TagSummary
   * array) and their values of these custom fields (column `_custom`, [field id, text] pairs).
   */
  include?: { tags?: TaggableTable | undefined; customFieldIds?: readonly number[] | undefined };
}

/** The columns `include` adds to each row (removed again by the kit before presenting). */
export const INCLUDED_TAGS = '_tags';
export const INCLUDED_CUSTOM = '_custom';

/** `q` as a case-insensitive substring of any search column (LIKE wildcards in `q` are literal). */
export function searchCondition(columns: string[], q: string): Expression<SqlBool> {
  const pattern = likePattern(q);
  const parts = columns.map((c) => sql<SqlBool>`${sql.ref(`r.${c}`)} ILIKE ${pattern}`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/**
 * What `q` finds of a resource, in its lists and in the global search alike: its search columns,
 * or whatever else it names (`searchAlso`, e.g. an asset's tag names).
 */
export function recordSearch(
  def: { searchColumns: string[]; searchAlso?: ((q: string) => Expression<SqlBool>) | undefined },
  q: string,
): Expression<SqlBool> {
  const columns = searchCondition(def.searchColumns, q);
  return def.searchAlso ? sql<SqlBool>`(${columns} OR ${def.searchAlso(q)})` : columns;
}

/** One page of rows, ordered by (sort column, id) — keyset paging stays fast at any depth. */
export async function listRecords(db: Kysely<Database>, o: ListOptions): Promise<Row[]> {
  const { limited, order } = pageQuery(db, o);
  const tags = o.include?.tags;
  const fieldIds = o.include?.customFieldIds ?? [];
  if (tags === undefined && fieldIds.length === 0) return limited.execute();
  // The page first, then its tags and custom values for its rows only: subqueries in the outer
  // select run once per row of the page, never per row the inner query sorts or skips.
  let outer = loose(db).selectFrom(limited.as('r')).selectAll('r');
  if (tags !== undefined) outer = outer.select(tagsColumn(tags).as(INCLUDED_TAGS));
  if (fieldIds.length > 0)
    outer = outer.select(
      sql<
        [number, string | null][]
      >`(SELECT coalesce(jsonb_agg(jsonb_build_array(cv.field_id, cv.value)), '[]'::jsonb)
        FROM custom_values cv WHERE cv.entity_id = r.id AND cv.field_id IN (${sql.join([...fieldIds])}))`.as(
        INCLUDED_CUSTOM,
      ),
    );
  if (order) outer = outer.orderBy(order);
  return outer.execute();
}

/**
 * The rows of several lists in one statement — the global search asks every resource at once:
 * each list its own query (its indexes, its limit), joined by UNION ALL, each row as jsonb under
 * the list's key. One round trip and one plan instead of one per resource.
 */
export async function listRecordsAcross(
  db: Kysely<Database>,
  lists: { key: string; options: ListOptions }[],
): Promise<{ key: string; row: Row }[]> {
  if (lists.length === 0) return [];
  const branches = lists.map(
    ({ key, options }) =>
      sql`(SELECT ${key}::text AS key, to_jsonb(r) AS row FROM (${pageQuery(db, options).limited}) r)`,
  );
  const { rows } = await sql<{ key: string; row: Row }>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  return rows;
}

/** A list's query up to its limit (no includes), and its ORDER BY. */
function pageQuery(db: Kysely<Database>, o: ListOptions) {
  let query = loose(db)
    .selectFrom(`${o.table} as r`)
    .selectAll('r')
    .where(sql.ref('r.organization_id'), '=', o.organizationId);
  if (o.archived === 'false') query = query.where(sql.ref('r.archived_at'), 'is', null);
  if (o.archived === 'true') query = query.where(sql.ref('r.archived_at'), 'is not', null);
  for (const condition of o.where) query = query.where(condition);
  let order: Expression<unknown> | undefined;
  if (o.sort) {
    const col = sql.ref(`r.${o.sort.column}`);
    const cmp = o.sort.direction === 'asc' ? sql`>` : sql`<`;
    if (o.after) {
      const after = o.after;
      query =
        o.sort.column === 'id'
          ? query.where(sql<SqlBool>`r.id ${cmp} ${after.id}`)
          : query.where(sql<SqlBool>`(${col}, r.id) ${cmp} (${after.value}, ${after.id})`);
    }
    const dir = o.sort.direction === 'asc' ? sql`ASC` : sql`DESC`;
    order = o.sort.column === 'id' ? sql`r.id ${dir}` : sql`${col} ${dir}, r.id ${dir}`;
    query = query.orderBy(order);
  }
  return { limited: query.limit(o.limit), order };
}

/** A row of ours by id, or undefined. */
export async function findRecord(
  db: Kysely<Database>,
  table: RecordTable,
  organizationId: number,
  id: number,
): Promise<Row | undefined> {
  return loose(db)
    .selectFrom(`${table} as r`)
    .selectAll('r')
    .where(sql.ref('r.id'), '=', id)
    .where(sql.ref('r.organization_id'), '=', organizationId)
    .executeTakeFirst();
}

/** Whether the condition (referencing `r`) holds for this row. */
export async function recordMatches(
  db: Kysely<Database>,
  table: RecordTable,
  id: number,
  condition: Expression<SqlBool>,
): Promise<boolean> {
  const row = await loose(db)
    .selectFrom(`${table} as r`)
    .select(sql<number>`1`.as('one'))
    .where(sql.ref('r.id'), '=', id)
    .where(condition)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertRecord(db: Kysely<Database>, table: RecordTable, values: Row): Promise<Row> {
  return loose(db).insertInto(table).values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateRecord(
  db: Kysely<Database>,
  table: RecordTable,
  id: number,
  values: Row,
): Promise<Row> {
  if (Object.keys(values).length === 0) {
    return loose(db).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  return loose(db)
    .updateTable(table)
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteRecord(db: Kysely<Database>, table: RecordTable, id: number): Promise<void> {
  await loose(db).deleteFrom(table).where('id', '=', id).execute();
}

/** Stamps last_accessed_at (the trigger keeps updated_at still); returns the fresh row. */
export async function touchRecord(db: Kysely<Database>, table: RecordTable, id: number): Promise<Row> {
  return loose(db)
    .updateTable(table)
    .set({ last_accessed_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Of the given ids in `table`, those that are not ours or are archived (a reference to them must be
 * refused). Tables without archived_at only need to exist and be ours.
 */
export async function unusableRefs(
  db: Kysely<Database>,
  table: RecordTable,
  organizationId: number,
  ids: number[],
  hasArchivedAt: boolean,
): Promise<number[]> {
  if (ids.length === 0) return [];
  let query = loose(db)
    .selectFrom(table)
    .select('id')
    .where('id', 'in', ids)
    .where('organization_id', '=', organizationId);
  if (hasArchivedAt) query = query.where('archived_at', 'is', null);
  const found = new Set((await query.execute()).map((r) => r.id as number));
  return ids.filter((id) => !found.has(id));
}

/**
 * Rows of ours whose text `column` equals one of `values` ignoring letter case, each with that
 * lower-cased text as `match_key` (an import finds records by name, email or serial). `liveOnly`
 * leaves archived rows out. Asked in chunks, so a large import stays within parameter limits.
 */
export async function rowsByText(
  db: Kysely<Database>,
  table: RecordTable,
  organizationId: number,
  column: string,
  values: string[],
  liveOnly: boolean,
): Promise<Row[]> {
  const wanted = [...new Set(values.map((v) => v.toLowerCase()))];
  const out: Row[] = [];
  for (let i = 0; i < wanted.length; i += 1000) {
    let query = loose(db)
      .selectFrom(`${table} as r`)
      .selectAll('r')
      .select(sql<string>`lower(${sql.ref(`r.${column}`)})`.as('match_key'))
      .where(sql.ref('r.organization_id'), '=', organizationId)
      .where(sql<string>`lower(${sql.ref(`r.${column}`)})`, 'in', wanted.slice(i, i + 1000));
    if (liveOnly) query = query.where(sql.ref('r.archived_at'), 'is', null);
    out.push(...(await query.execute()));
  }
  return out;
}
