import { type FileLinkCreate, type FileUploadFields, mimeTypeSchema } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { validationFailed } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { DRIVE_PREFIX, extensionOf, fileLocation, files } from '../resources/files.ts';
import type { Row } from '../../../core/records/definition.ts';
import { type FileStorage, storagePathOf } from '../../../core/storage/file-storage.ts';
import type { ReceivedUpload } from '../../../core/storage/upload.ts';
import type { AuditContext } from '../../../core/audit.ts';
import { createRecord, deleteRecordCommand } from '../../../core/records/commands.ts';

const OCTET_STREAM = 'application/octet-stream';

/**
 * A display name from the client's file name: the last path segment, without control characters,
 * cut to the column. It is only ever shown and sent back in Content-Disposition, never a path.
 */
export function displayNameOf(originalName: string): string {
  const base = originalName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'upload').slice(0, 200);
}

/**
 * Records an upload whose bytes are already in `storage` (row + audit in one transaction, through
 * the generic create so folder refs and the uploader are handled alike). The caller removes the
 * bytes if this throws.
 */
export async function createUploadedFile(
  db: Kysely<Database>,
  storage: FileStorage,
  actor: Actor,
  ctx: AuditContext,
  fields: FileUploadFields,
  upload: ReceivedUpload,
): Promise<Row> {
  const name = fields.name ?? displayNameOf(upload.originalName);
  const mime = mimeTypeSchema.safeParse(upload.mimeType);
  return createRecord(db, files, actor, ctx, {
    name,
    description: fields.description ?? null,
    folderId: fields.folderId ?? null,
    referenceName: upload.reference,
    storagePath: storagePathOf(storage, upload.reference),
    fileSize: upload.size,
    // The part's declared type, when it is one; downloads are sent with nosniff either way.
    mimeType: mime.success ? mime.data : OCTET_STREAM,
    fileType: extensionOf(upload.originalName) ?? extensionOf(name),
  });
}

/** Whether a Drive/Docs URL names this file id (in a `/d/<id>/` path or an `id=` parameter). */
function urlNamesDriveFile(url: string, driveFileId: string): boolean {
  const parsed = new URL(url);
  if (parsed.hostname !== 'drive.google.com' && parsed.hostname !== 'docs.google.com') return false;
  return parsed.pathname.split('/').includes(driveFileId) || parsed.searchParams.get('id') === driveFileId;
}

/** Registers a Google Drive file as a files row (no bytes; `storage_path` = `drive:<id>`). */
export async function registerDriveFile(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  input: FileLinkCreate,
): Promise<Row> {
  if (input.url !== undefined && !urlNamesDriveFile(input.url, input.driveFileId)) {
    const message = 'expected a drive.google.com or docs.google.com link to the same driveFileId';
    throw validationFailed(`url: ${message}`, [{ path: 'url', message }]);
  }
  return createRecord(db, files, actor, ctx, {
    name: input.name,
    description: input.description,
    folderId: input.folderId,
    customFields: input.customFields,
    referenceName: input.driveFileId,
    storagePath: `${DRIVE_PREFIX}${input.driveFileId}`,
    mimeType: input.mimeType ?? null,
    fileType: extensionOf(input.name),
    fileSize: null,
  });
}

/**
 * Hard-deletes a file (row, custom values, links and audit row in one transaction), then — only
 * once that has committed — removes its stored bytes. A failure to remove them is logged, not
 * raised: the record is gone either way, and an orphaned object is harmless.
 */
export async function deleteFile(
  db: Kysely<Database>,
  storage: FileStorage,
  logger: Logger,
  ctx: AuditContext,
  existing: Row,
): Promise<void> {
  await deleteRecordCommand(db, files, ctx, existing);
  const location = fileLocation(existing);
  if (location.kind !== 'upload') return;
  if (location.backend !== storage.kind) {
    logger.warn({ fileId: existing.id, backend: location.backend }, 'deleted file lives in another storage');
    return;
  }
  try {
    await storage.delete(location.reference);
  } catch (error) {
    logger.warn({ err: error, fileId: existing.id }, 'could not remove the bytes of a deleted file');
  }
}
