import { fileLinkCreateSchema, fileUploadFieldsSchema, idParamsSchema } from '@helios/shared';
import { type Request, type Response, Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { createUploadedFile, deleteFile, registerDriveFile } from '../commands/files.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { liveFoldersWithCounts } from '../queries/content.ts';
import type { Row } from '../../../core/records/definition.ts';
import { driveUrl, fileLocation, files } from '../resources/files.ts';
import { folders, folderTree } from '../resources/folders.ts';
import { attachmentDisposition } from '../../../core/storage/disposition.ts';
import { receiveUpload, UPLOAD_FIELD } from '../../../core/storage/upload.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { loadReadable, presentRows } from '../../../core/records/routes.ts';

/**
 * Routes of the content group beyond the generic record routes: the folder tree, file upload and
 * Drive-link registration, download, and the file delete that also removes the bytes. Mounted
 * before the generic routes, so these paths win over `/folders/:id`, `POST /files` and
 * `DELETE /files/:id`.
 */
export function contentRoutes({ db, logger, storage }: ModuleContext): Router {
  const router = Router();

  router.get('/folders/tree', async (req, res) => {
    const actor = actorOf(req);
    parse(z.object({}).strict(), req.query);
    // The whole tree is staff material (rbac.md: users see no folders).
    if (folders.listScope(actor) !== 'all') throw forbidden();
    const rows = await liveFoldersWithCounts(db, actor.organizationId);
    res.json({ data: folderTree(rows) });
  });

  router.post('/files', async (req, res) => {
    const actor = actorOf(req);
    // Refuse before reading a single byte of an upload.
    if (!files.can(actor, 'create')) throw forbidden();
    let row: Row;
    if (req.is('multipart/form-data')) {
      row = await upload(req, res);
    } else if (req.is('application/json')) {
      const input = parse(fileLinkCreateSchema, req.body ?? {});
      row = await registerDriveFile(db, actor, auditContextOf(req), input);
    } else {
      throw validationFailed(
        'Send multipart/form-data with one "file" part to upload, or JSON { name, driveFileId } to register a Drive file',
      );
    }
    const [presented] = await presentRows(db, files, actor.organizationId, [row]);
    res.status(201).json({ data: presented });
  });

  /** Streams the upload into storage, then records it; bytes of a refused upload are removed. */
  async function upload(req: Request, res: Response): Promise<Row> {
    const actor = actorOf(req);
    const { upload: received, fields } = await receiveUpload(req, res, storage);
    try {
      if (!received) {
        const message = 'a file is required';
        throw validationFailed(`${UPLOAD_FIELD}: ${message}`, [{ path: UPLOAD_FIELD, message }]);
      }
      const input = parse(fileUploadFieldsSchema, fields);
      return await createUploadedFile(db, storage, actor, auditContextOf(req), input, received);
    } catch (error) {
      if (received) await storage.delete(received.reference);
      throw error;
    }
  }

  router.get('/files/:id/download', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const row = await loadReadable(db, files, actor, id);
    const location = fileLocation(row);
    if (location.kind === 'drive') {
      res.redirect(302, driveUrl(location.driveFileId));
      return;
    }
    const stored = location.backend === storage.kind ? await storage.get(location.reference) : undefined;
    if (!stored) {
      logger.error({ fileId: id }, 'the stored bytes of a file are missing');
      throw notFound('The stored content of this file is missing');
    }
    res.status(200);
    res.setHeader('Content-Type', (row.mime_type as string | null) ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(stored.size));
    // Always an attachment: uploaded HTML or SVG must never render in our origin.
    res.setHeader('Content-Disposition', attachmentDisposition(String(row.name)));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    // A failure mid-stream can only cut the response short (headers are gone); pipeline destroys it.
    await pipeline(stored.stream, res).catch((error: unknown) => {
      logger.warn({ err: error, fileId: id }, 'file download interrupted');
    });
  });

  router.delete('/files/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const existing = await loadReadable(db, files, actor, id);
    if (!files.can(actor, 'delete', existing)) throw forbidden();
    await deleteFile(db, storage, logger, auditContextOf(req), existing);
    res.status(204).end();
  });

  return router;
}
