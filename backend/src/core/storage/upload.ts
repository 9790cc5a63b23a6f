import type { Request, Response } from 'express';
import multer from 'multer';
import { HttpError, payloadTooLarge, validationFailed } from '../errors.ts';
import type { FileStorage } from './file-storage.ts';

/**
 * Limits of `POST /files` uploads, in one place. `maxFileBytes` is read on every request, so an
 * operator (or a test) can lower it without rebuilding the app.
 */
export const uploadLimits = {
  /** Largest file accepted (25 MiB); larger uploads are refused with 413. */
  maxFileBytes: 25 * 1024 * 1024,
};

/** The multipart field that carries the bytes. */
export const UPLOAD_FIELD = 'file';

/** One received upload: where its bytes went and what the client said about them. */
export interface ReceivedUpload {
  reference: string;
  size: number;
  /** The client's file name, as sent (untrusted: only ever shown, never used as a path). */
  originalName: string;
  /** The part's declared Content-Type. */
  mimeType: string;
}

/**
 * A multer storage engine that streams the one file straight into a FileStorage (no temporary
 * copy in memory or on disk), so S3-compatible storage can plug in the same way.
 */
function storageEngine(storage: FileStorage, pending: Set<Promise<unknown>>): multer.StorageEngine {
  return {
    _handleFile(_req, file, callback) {
      const put = storage.put(file.stream).then(
        ({ reference, size }) => callback(null, { filename: reference, size }),
        (error: unknown) => callback(error),
      );
      pending.add(put);
      void put.finally(() => pending.delete(put));
    },
    _removeFile(_req, file, callback) {
      storage.delete(file.filename).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}

const MULTER_MESSAGES: Partial<Record<multer.ErrorCode, string>> = {
  LIMIT_FILE_COUNT: 'send exactly one file per request',
  LIMIT_UNEXPECTED_FILE: `send exactly one file, in the "${UPLOAD_FIELD}" field`,
  LIMIT_PART_COUNT: 'too many parts in the form',
  LIMIT_FIELD_COUNT: 'too many fields in the form',
  LIMIT_FIELD_KEY: 'a field name is too long',
  LIMIT_FIELD_VALUE: 'a field value is too long',
};

/** Multer's and busboy's failures as the contract's errors; anything else passes through. */
function toUploadError(error: unknown): unknown {
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return payloadTooLarge(`The file is larger than the limit of ${uploadLimits.maxFileBytes} bytes`);
    }
    const path = error.field && error.code !== 'LIMIT_UNEXPECTED_FILE' ? error.field : UPLOAD_FIELD;
    const message = MULTER_MESSAGES[error.code] ?? error.message;
    return validationFailed(`${path}: ${message}`, [{ path, message }]);
  }
  // busboy reports a malformed body (no boundary, truncated form) and multer a client that went
  // away with plain Errors; they are the client's doing. Storage failures are ours and stay 500s.
  if (
    error instanceof Error &&
    /^(Multipart|Malformed|Unexpected end of (form|file)|Request (aborted|closed))/.test(error.message)
  ) {
    return validationFailed(`Malformed multipart body: ${error.message}`);
  }
  return error;
}

/**
 * Receives a multipart/form-data upload: exactly one file in the `file` field, with the bytes
 * streamed into `storage` under a random reference, plus the text fields. Limits (size, one file,
 * field count and length) are enforced while streaming; a refused upload leaves no bytes behind.
 */
export async function receiveUpload(
  req: Request,
  res: Response,
  storage: FileStorage,
): Promise<{ upload: ReceivedUpload | undefined; fields: Record<string, unknown> }> {
  // Multer answers a limit as soon as it sees it, while the storage may still be cleaning up the
  // partial bytes; a refusal waits for that, so nothing of a refused upload outlives its answer.
  const pending = new Set<Promise<unknown>>();
  const middleware = multer({
    storage: storageEngine(storage, pending),
    // Browsers send UTF-8 file names without RFC 5987 encoding; busboy's latin1 default garbles them.
    defParamCharset: 'utf8',
    limits: {
      fileSize: uploadLimits.maxFileBytes,
      files: 1,
      fields: 10,
      parts: 11,
      fieldNameSize: 100,
      // description can be long text (100 000 characters of up to 4 bytes).
      fieldSize: 400_000,
    },
  }).single(UPLOAD_FIELD);
  try {
    await new Promise<void>((resolve, reject) => {
      middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
    });
  } catch (error) {
    await Promise.allSettled([...pending]);
    const mapped = toUploadError(error);
    throw mapped instanceof HttpError ? mapped : error;
  }
  const file = req.file;
  // multer builds req.body with a null prototype; copy it so zod sees an ordinary object.
  const fields: Record<string, unknown> = { ...(req.body as Record<string, unknown>) };
  return {
    upload: file
      ? {
          reference: file.filename,
          size: file.size,
          originalName: file.originalname,
          mimeType: file.mimetype,
        }
      : undefined,
    fields,
  };
}
