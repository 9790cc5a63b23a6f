import { fileLinkCreateSchema, fileSchema, fileUploadFieldsSchema, idParamsSchema } from '@helios/shared';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Actor } from '../../../core/auth/actor.ts';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { created, defineRoute, noContent, type RouteSpec, sent } from '../../../core/http/route.ts';
import { parse } from '../../../core/http/validate.ts';
import type { ModuleContext } from '../../../core/module.ts';
import type { Row } from '../../../core/records/definition.ts';
import { loadReadable, presentRow } from '../../../core/records/routes.ts';
import { attachmentDisposition } from '../../../core/storage/disposition.ts';
import { receiveUpload, UPLOAD_FIELD } from '../../../core/storage/upload.ts';
import { createUploadedFile, deleteFile, registerDriveFile } from '../commands/files.ts';
import { driveUrl, fileLocation, files } from '../resources/files.ts';

/**
 * Declared types a browser only displays, never runs. Anything else an uploader declared — HTML,
 * SVG, XML, scripts — is served as bytes: an uploaded page must never run in our origin, even if a
 * browser ignored the attachment disposition.
 */
const INERT_TYPES =
  /^(image\/(png|jpeg|gif|webp|bmp|tiff|avif|heic)|application\/pdf|text\/(plain|csv)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/(zip|gzip|x-7z-compressed|json|msword|rtf)|application\/vnd\.(openxmlformats-officedocument\.[\w.-]+|ms-(excel|powerpoint|outlook)|oasis\.opendocument\.[\w.-]+))$/i;

/** The Content-Type a download is sent with: the declared one if inert, else plain bytes. */
function servedContentType(declared: string | null): string {
  const type = declared?.split(';')[0]?.trim() ?? '';
  return INERT_TYPES.test(type) ? type : 'application/octet-stream';
}

/**
 * Answers with a file's content: the stored bytes (always as an attachment, inert types only, no
 * caching) or a 302 to Google Drive. `row` is a files row the caller may read. Shared by
 * `GET /files/:id/download` and the routes of records files are attached to (ticket attachments).
 */
export async function sendFile(
  res: Response,
  row: Row,
  { storage, logger }: Pick<ModuleContext, 'storage' | 'logger'>,
): Promise<void> {
  const location = fileLocation(row);
  if (location.kind === 'drive') {
    res.redirect(302, driveUrl(location.driveFileId));
    return;
  }
  const stored = location.backend === storage.kind ? await storage.get(location.reference) : undefined;
  if (!stored) {
    logger.error({ fileId: row.id }, 'the stored bytes of a file are missing');
    throw notFound('The stored content of this file is missing');
  }
  res.status(200);
  res.setHeader('Content-Type', servedContentType(row.mime_type as string | null));
  res.setHeader('Content-Length', String(stored.size));
  // Always an attachment: uploaded HTML or SVG must never render in our origin.
  res.setHeader('Content-Disposition', attachmentDisposition(String(row.name)));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  // A failure mid-stream can only cut the response short (headers are gone); pipeline destroys it.
  await pipeline(stored.stream, res).catch((error: unknown) => {
    logger.warn({ err: error, fileId: row.id }, 'file download interrupted');
  });
}

/**
 * The file routes beyond the record kit's: upload or Drive-link registration (one POST, by media
 * type), download, and the delete that also removes the stored bytes.
 */
export function fileRoutes({ db, logger, storage }: ModuleContext): RouteSpec[] {
  /** Streams the upload into storage, then records it; bytes of a refused upload are removed. */
  async function upload(req: Request, res: Response, actor: Actor): Promise<Row> {
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

  return [
    defineRoute({
      method: 'post',
      path: '/files',
      tag: 'files',
      summary: 'Upload a file (multipart, field `file`) or register a Google Drive link (JSON)',
      bodyContent: {
        'multipart/form-data': fileUploadFieldsSchema.extend({ file: z.string().describe('binary') }),
        'application/json': fileLinkCreateSchema,
      },
      responses: { 201: { description: 'Created', data: fileSchema } },
      errors: [400, 401, 403, 413],
      async handle({ req, res, actor }) {
        // Refuse before reading a single byte of an upload.
        if (!files.can(actor, 'create')) throw forbidden();
        let row: Row;
        if (req.is('multipart/form-data')) {
          row = await upload(req, res, actor);
        } else if (req.is('application/json')) {
          const input = parse(fileLinkCreateSchema, req.body ?? {});
          row = await registerDriveFile(db, actor, auditContextOf(req), input);
        } else {
          throw validationFailed(
            'Send multipart/form-data with one "file" part to upload, or JSON { name, driveFileId } to register a Drive file',
          );
        }
        return created(await presentRow(db, files, actor, row));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/files/:id/download',
      tag: 'files',
      summary: 'Download the bytes (uploads) or 302 to Google Drive (links)',
      params: idParamsSchema,
      responses: {
        200: {
          description: 'The file',
          content: { 'application/octet-stream': z.string().describe('binary') },
        },
        302: { description: 'The file lives in Google Drive', empty: true },
      },
      errors: [400, 401, 404],
      async handle({ res, actor, params }) {
        const row = await loadReadable(db, files, actor, params.id);
        await sendFile(res, row, { storage, logger });
        return sent();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/files/:id',
      tag: 'files',
      summary: 'Hard delete (admin): the record, its links and its stored bytes',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted', empty: true } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params }) {
        const existing = await loadReadable(db, files, actor, params.id);
        if (!files.can(actor, 'delete', existing)) throw forbidden();
        await deleteFile(db, storage, logger, auditContextOf(req), existing);
        return noContent();
      },
    }),
  ];
}
