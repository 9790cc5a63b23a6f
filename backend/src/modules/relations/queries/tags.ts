import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Tags } from '../../../core/db/schema.ts';
import { TAG_JUNCTIONS, type TaggableTable } from '../../../core/records/queries/tags.ts';

export type TagRow = Selectable<Tags>;

// Which tables take tags and how a page reads them are the record kit's (core/records).
export { TAG_JUNCTIONS, type TaggableTable, tagsFor } from '../../../core/records/queries/tags.ts';

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
