import type { TagSummary, TagType } from '@helios/shared';
import { type Expression, type Kysely, type RawBuilder, sql, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { likePattern } from '../../db/like.ts';

/**
 * The records tags can go on, by table: their junction table and its record column. Tags are part
 * of the record kit (like custom fields) so that every module presenting or filtering a taggable
 * record reads them the same way; the relations module owns the tags themselves and their routes.
 */
export const TAG_JUNCTIONS = {
  organization_users: { junction: 'user_tags', column: 'user_id' },
  assets: { junction: 'asset_tags', column: 'asset_id' },
  tickets: { junction: 'ticket_tags', column: 'ticket_id' },
} as const;
export type TaggableTable = keyof typeof TAG_JUNCTIONS;

/**
 * The live (non-archived) tags of each record, keyed by record id, sorted by name: one query for a
 * whole page.
 */
export async function tagsFor(
  db: Kysely<Database>,
  table: TaggableTable,
  ids: number[],
): Promise<Map<number, TagSummary[]>> {
  const out = new Map<number, TagSummary[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const { junction, column } = TAG_JUNCTIONS[table];
  const rows = await sql<{
    entity_id: number;
    id: number;
    name: string;
    type: string | null;
    color: string | null;
  }>`
    SELECT j.${sql.ref(column)} AS entity_id, t.id, t.name, t.type, t.color
    FROM ${sql.table(junction)} j JOIN tags t ON t.id = j.tag_id
    WHERE j.${sql.ref(column)} IN (${sql.join(ids)}) AND t.archived_at IS NULL
    ORDER BY t.name, t.id`.execute(db);
  for (const r of rows.rows) {
    out.get(r.entity_id)?.push({ id: r.id, name: r.name, type: r.type as TagType | null, color: r.color });
  }
  return out;
}

/**
 * The live tags of the record aliased `r` as one jsonb array (TagSummary objects, sorted by name):
 * a column of the page's own query, so a page and its tags are one round trip.
 */
export function tagsColumn(table: TaggableTable): RawBuilder<TagSummary[]> {
  const { junction, column } = TAG_JUNCTIONS[table];
  return sql<
    TagSummary[]
  >`(SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'type', t.type, 'color', t.color) ORDER BY t.name, t.id), '[]'::jsonb)
    FROM ${sql.table(junction)} j JOIN tags t ON t.id = j.tag_id
    WHERE j.${sql.ref(column)} = r.id AND t.archived_at IS NULL)`;
}

/**
 * A list condition on the record aliased `alias`: it carries any of the tags (`any`), or every one
 * of them (`all`). Tag ids come validated from the query string.
 */
export function taggedCondition(
  table: TaggableTable,
  alias: string,
  tagIds: readonly number[],
  mode: 'any' | 'all',
): Expression<SqlBool> {
  const { junction, column } = TAG_JUNCTIONS[table];
  const ids = [...new Set(tagIds)];
  const match = sql`FROM ${sql.table(junction)} j WHERE j.${sql.ref(column)} = ${sql.ref(`${alias}.id`)} AND j.tag_id IN (${sql.join(ids)})`;
  return mode === 'any'
    ? sql<SqlBool>`EXISTS (SELECT 1 ${match})`
    : sql<SqlBool>`(SELECT count(DISTINCT j.tag_id) ${match}) = ${ids.length}`;
}

/** `tag=` of a list query (one id or several) as a list of ids. */
export const tagIdsOf = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is number => typeof v === 'number',
  );

/** The record aliased `r` carries a live tag whose name contains `q` (search by label). */
export function tagNameContains(table: TaggableTable, q: string): Expression<SqlBool> {
  const { junction, column } = TAG_JUNCTIONS[table];
  // The tagged ids as an array computed once (an InitPlan), not a correlated EXISTS: beside the
  // search columns' trigram indexes it becomes one more arm of a BitmapOr (on the primary key),
  // where an EXISTS in an OR forced a scan of every row (68 ms → 0.3 ms for 30k assets).
  return sql<SqlBool>`r.id = ANY(ARRAY(SELECT j.${sql.ref(column)} FROM ${sql.table(junction)} j JOIN tags tg ON tg.id = j.tag_id WHERE tg.archived_at IS NULL AND tg.name ILIKE ${likePattern(q)}))`;
}
