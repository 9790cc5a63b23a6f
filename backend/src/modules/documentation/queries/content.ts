import { idSchema } from '@helios/shared';
import { z } from 'zod';
import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** The content of a template of ours (undefined when there is no such template). */
export async function templateContent(
  db: Kysely<Database>,
  organizationId: number,
  templateId: number,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('document_templates')
    .select('content')
    .where('id', '=', templateId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row?.content;
}

/**
 * Whether `folderId` is `candidateId` itself or one of its ancestors — i.e. whether making
 * `folderId` a child of `candidateId` would close a loop. Walks up from the candidate with a
 * recursive CTE; UNION (not UNION ALL) stops even on a loop that somehow exists already.
 */
export async function folderIsWithin(
  db: Kysely<Database>,
  candidateId: number,
  folderId: number,
): Promise<boolean> {
  const result = await sql<{ found: number }>`
    WITH RECURSIVE ancestors (id, parent_folder_id) AS (
      SELECT id, parent_folder_id FROM folders WHERE id = ${candidateId}
      UNION
      SELECT f.id, f.parent_folder_id FROM folders f JOIN ancestors a ON f.id = a.parent_folder_id
    )
    SELECT 1 AS found FROM ancestors WHERE id = ${folderId} LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

/**
 * Serializes folder moves of one organization until the transaction ends: two folders moved into
 * each other at once would each pass the cycle check against the other's old parent.
 */
export async function lockFolderMoves(trx: Kysely<Database>, organizationId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`helios:folders:${organizationId}`}))`.execute(trx);
}

/** A live folder with the number of live records filed directly in it. */
export interface FolderWithCounts {
  id: number;
  name: string;
  description: string | null;
  parent_folder_id: number | null;
  documents: number;
  files: number;
  credentials: number;
}

/** Every live folder of the organization with its direct document, file and credential counts. */
export async function liveFoldersWithCounts(
  db: Kysely<Database>,
  organizationId: number,
): Promise<FolderWithCounts[]> {
  return db
    .selectFrom('folders as f')
    .select(['f.id', 'f.name', 'f.description', 'f.parent_folder_id'])
    .select((eb) => [
      eb
        .selectFrom('documents as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.folder_id', '=', 'f.id')
        .where('d.archived_at', 'is', null)
        .$asScalar()
        .$notNull()
        .as('documents'),
      eb
        .selectFrom('files as fi')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('fi.folder_id', '=', 'f.id')
        .where('fi.archived_at', 'is', null)
        .$asScalar()
        .$notNull()
        .as('files'),
      eb
        .selectFrom('credentials as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.folder_id', '=', 'f.id')
        .where('c.archived_at', 'is', null)
        .$asScalar()
        .$notNull()
        .as('credentials'),
    ])
    .where('f.organization_id', '=', organizationId)
    .where('f.archived_at', 'is', null)
    .execute();
}

/** `?folderId=`: the records filed directly in one folder (documents and files alike). */
export const inFolderFilter = {
  schema: z.object({ folderId: idSchema.optional() }),
  apply: (filters: Record<string, unknown>): Expression<SqlBool>[] =>
    typeof filters.folderId === 'number' ? [sql<SqlBool>`r.folder_id = ${filters.folderId}`] : [],
};
