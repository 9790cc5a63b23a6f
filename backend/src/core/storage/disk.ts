import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStorage, StoredObject } from './file-storage.ts';

// References are 32 lower-case hex digits; anything else is refused before it reaches a path, so
// a corrupted row can never point outside the storage directory.
const REFERENCE = /^[0-9a-f]{32}$/;

function pathOf(dir: string, reference: string): string {
  if (!REFERENCE.test(reference)) throw new Error('Invalid file storage reference');
  return join(dir, reference);
}

/**
 * Uploaded bytes as files in one directory (`${HELIOS_DATA_DIR}/files`), each named by a random
 * reference. Writes go to a `.part` file renamed into place when complete, so a reader never sees
 * half an upload and an interrupted one leaves nothing under a real reference.
 */
export function diskFileStorage(dir: string): FileStorage {
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'disk',

    async put(source: Readable): Promise<StoredObject> {
      // Created once, on first use; a failed attempt is retried by the next upload.
      ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      const reference = randomBytes(16).toString('hex');
      const target = pathOf(dir, reference);
      const partial = `${target}.part`;
      let size = 0;
      const sink = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
      try {
        await pipeline(
          source,
          async function* count(chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              size += chunk.length;
              yield chunk;
            }
          },
          sink,
        );
        await rename(partial, target);
      } catch (error) {
        // The file is opened asynchronously: a source that fails at once (a malformed form) can
        // fail the pipeline before the open completes, and removing the partial file then would
        // run before it exists. Once the sink has closed, the file is there or never will be.
        if (!sink.closed) await once(sink, 'close').catch(() => undefined);
        await rm(partial, { force: true });
        throw error;
      }
      return { reference, size };
    },

    async get(reference) {
      const path = pathOf(dir, reference);
      try {
        const { size } = await stat(path);
        return { stream: createReadStream(path), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async delete(reference) {
      await rm(pathOf(dir, reference), { force: true });
    },
  };
}
