import type { TagSummary, TagType } from '@helios/shared';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Tags } from '../../../core/db/schema.ts';

export type TagRow = Selectable<Tags>;

/** The records tags can go on, by table: their junction table and its record column. */
export const TAG_JUNCTIONS = {
  organization_users: { junction: 'user_tags', column: 'user_id' },
  assets: { junction: 'asset_tags', column: 'asset_id' },
  tickets: { junction: 'ticket_tags', column: 'ticket_id' },
} as const;
export type TaggableTable = keyof typeof TAG_JUNCTIONS;

/**
 * The live (non-archived) tags of each record, keyed by record id, sorted by name: one query for a
 * whole page. Resource definitions use it in `extras` to show `tags: [...]`.
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

export async function findTag(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<TagRow | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Another tag with this name (any letter case) and type, if one exists. */
export async function findTagByName(
  db: Kysely<Database>,
  organizationId: number,
  name: string,
  type: string | null,
  excludingId: number | undefined,
): Promise<TagRow | undefined> {
  let query = db
    .selectFrom('tags')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where(sql<boolean>`type IS NOT DISTINCT FROM ${type}`);
  if (excludingId !== undefined) query = query.where('id', '<>', excludingId);
  return query.executeTakeFirst();
}

/** The tables whose records carry this tag. */
export async function tablesUsingTag(db: Kysely<Database>, tagId: number): Promise<TaggableTable[]> {
  const used: TaggableTable[] = [];
  for (const [table, { junction }] of Object.entries(TAG_JUNCTIONS) as [
    TaggableTable,
    (typeof TAG_JUNCTIONS)[TaggableTable],
  ][]) {
    const row = await sql`SELECT 1 FROM ${sql.table(junction)} WHERE tag_id = ${tagId} LIMIT 1`.execute(db);
    if (row.rows.length > 0) used.push(table);
  }
  return used;
}

/**
 * Puts a tag on a record (`tagged`) or takes it off; false when that changed nothing (it was
 * already there, or was not).
 */
export async function setTagAssignment(
  db: Kysely<Database>,
  table: TaggableTable,
  entityId: number,
  tagId: number,
  tagged: boolean,
): Promise<boolean> {
  const { junction, column } = TAG_JUNCTIONS[table];
  const result = tagged
    ? await sql`
        INSERT INTO ${sql.table(junction)} (${sql.ref(column)}, tag_id) VALUES (${entityId}, ${tagId})
        ON CONFLICT DO NOTHING RETURNING tag_id`.execute(db)
    : await sql`
        DELETE FROM ${sql.table(junction)} WHERE ${sql.ref(column)} = ${entityId} AND tag_id = ${tagId}
        RETURNING tag_id`.execute(db);
  return result.rows.length > 0;
}
