import { z } from 'zod';
import { idSchema } from './common.ts';
import { customFieldsInput, longText, optionalRef, recordMeta, requiredText } from './fields.ts';

/** `type/subtype` as in a Content-Type header (parameters not stored). */
export const mimeTypeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'expected a MIME type like text/plain');

/** A Google Drive file id (letters, digits, `-` and `_`). */
export const driveFileIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{10,200}$/, 'expected a Google Drive file id');

/**
 * `POST /files` with JSON: registers a Google Drive file (no bytes are stored). `url`, when given,
 * must be a drive.google.com or docs.google.com link to the same file; the record always answers
 * with the canonical `https://drive.google.com/file/d/<id>/view`.
 */
export const fileLinkCreateSchema = z
  .object({
    name: requiredText(200),
    driveFileId: driveFileIdSchema,
    mimeType: mimeTypeSchema.nullable().optional(),
    url: z
      .url({ protocol: /^https$/, message: 'expected an https URL' })
      .max(2000)
      .optional(),
    description: longText(),
    folderId: optionalRef(),
    customFields: customFieldsInput(),
  })
  .strict();
export type FileLinkCreate = z.infer<typeof fileLinkCreateSchema>;

/**
 * The text fields of `POST /files` as multipart/form-data (beside the one `file` part). Multipart
 * values are strings, so the folder id is coerced; the name defaults to the uploaded file's name.
 */
export const fileUploadFieldsSchema = z
  .object({
    name: requiredText(200).optional(),
    description: z.string().max(100_000).optional(),
    folderId: idSchema.optional(),
  })
  .strict();
export type FileUploadFields = z.infer<typeof fileUploadFieldsSchema>;

/** What `PATCH /files/:id` may change (the bytes and their metadata are fixed at upload). */
export const fileUpdateSchema = z
  .object({
    name: requiredText(200),
    description: longText(),
    folderId: optionalRef(),
    customFields: customFieldsInput(),
  })
  .partial()
  .strict();
export type FileUpdate = z.infer<typeof fileUpdateSchema>;

export const fileKinds = ['upload', 'drive'] as const;
export type FileKind = (typeof fileKinds)[number];

export const fileSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    /** Lower-case extension of the file's name (`pdf`), when it has one. */
    fileType: z.string().nullable(),
    /** Bytes stored (null for Drive links). */
    fileSize: z.number().int().nullable(),
    mimeType: z.string().nullable(),
    folderId: z.number().int().nullable(),
    uploadedByUserId: z.number().int(),
    /** `upload`: bytes held by Helios, fetched with `GET /files/:id/download`; `drive`: a Drive link. */
    kind: z.enum(fileKinds),
    driveFileId: z.string().nullable(),
    /** The Drive URL of a Drive link; null for uploads (use the download endpoint). */
    url: z.string().nullable(),
  })
  .meta({ id: 'File' });
export type HeliosFile = z.infer<typeof fileSchema>;
