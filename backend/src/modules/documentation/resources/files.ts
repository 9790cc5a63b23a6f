import { fileLinkCreateSchema, fileSchema, type FileKind, fileUpdateSchema } from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { documentationAccess } from '../access.ts';
import { inFolderFilter } from '../queries/content.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

/** `files.storage_path` of a registered Google Drive file: no bytes are held, only the link. */
export const DRIVE_PREFIX = 'drive:';

/** The canonical Drive URL of a Drive file id. */
export const driveUrl = (driveFileId: string): string =>
  `https://drive.google.com/file/d/${encodeURIComponent(driveFileId)}/view`;

/** Where a file's bytes are: a Drive link, or an object of a storage backend (`disk:<reference>`). */
export type FileLocation =
  | { kind: Extract<FileKind, 'drive'>; driveFileId: string }
  | { kind: Extract<FileKind, 'upload'>; backend: string; reference: string };

/** Reads `storage_path` (and `reference_name`) of a files row. */
export function fileLocation(row: Row): FileLocation {
  const path = String(row.storage_path ?? '');
  if (path.startsWith(DRIVE_PREFIX)) return { kind: 'drive', driveFileId: path.slice(DRIVE_PREFIX.length) };
  const colon = path.indexOf(':');
  return {
    kind: 'upload',
    backend: colon > 0 ? path.slice(0, colon) : 'disk',
    reference: String(row.reference_name),
  };
}

/** Lower-case extension of a file name (`Report.PDF` → `pdf`), or null. */
export function extensionOf(name: string): string | null {
  const match = /\.([a-z0-9]{1,20})$/i.exec(name);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/**
 * Files: metadata through the generic layer (list, get, update, archive, restore), with the bytes
 * handled by routes/content.ts (`POST /files` upload or Drive link, `GET /files/:id/download`,
 * `DELETE /files/:id`, which also removes the bytes). `createSchema` is the JSON (Drive link) form.
 */
export const files: ResourceDefinition = {
  name: 'files',
  table: 'files',
  entityType: 'file',
  createSchema: fileLinkCreateSchema,
  responseSchema: fileSchema,
  updateSchema: fileUpdateSchema,
  listFilters: inFolderFilter,
  searchColumns: ['name', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.mime_type as string | null) ?? null,
  refs: { folderId: 'folders' },
  tracksAccess: false,
  sortable: ['name', 'created_at', 'updated_at'],
  prepare(input, { actor, existing }) {
    // The uploader comes from the caller, never from the body.
    return existing ? input : { ...input, uploadedByUserId: actor.userId };
  },
  extras: async (_db, rows) =>
    new Map(
      rows.map((row) => {
        const location = fileLocation(row);
        return [
          row.id as number,
          location.kind === 'drive'
            ? { kind: 'drive', driveFileId: location.driveFileId, url: driveUrl(location.driveFileId) }
            : { kind: 'upload', driveFileId: null, url: null },
        ];
      }),
    ),
  // A user reads the files linked to them.
  ...documentationAccess(
    (actor) =>
      sql<SqlBool>`EXISTS (SELECT 1 FROM user_files uf WHERE uf.file_id = r.id AND uf.user_id = ${actor.userId})`,
  ),
};
